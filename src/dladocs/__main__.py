"""``python -m dladocs``: the command line."""

from dladocs.cli import main

if __name__ == "__main__":
    main(prog_name="dladocs")
