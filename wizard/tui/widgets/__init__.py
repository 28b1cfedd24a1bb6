"""Reusable widgets of the wizard: form fields, the step sidebar, tables updated by diff, small modals."""
