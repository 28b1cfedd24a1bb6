"""Coverage-guided fuzzing of the loader (atheris): see fuzz_loader.py."""
