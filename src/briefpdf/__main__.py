"""The `briefpdf` command's entry point (and `python -m briefpdf`).

It loads the command line itself, so that a Ctrl-C while briefpdf's modules are still
loading, or while Typer is still reading the commands, ends like one at any later moment:
a plain message and exit code 130, no traceback. (The commands say it in the user's
language; here the language is not known yet.)
"""

import sys


def main() -> None:
    try:
        from briefpdf.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("已中断；原有文件未被改动。 Interrupted; existing files are untouched.\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
