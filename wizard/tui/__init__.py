"""The Textual front end: the welcome screen, the ten-step wizard and its widgets.

Everything here is a thin layer over the core (model, store, catalog,
validation, sizing, schedule, documents); nothing in the core imports this
package. Build the app with :func:`wizard.tui.app.make_app`.
"""
