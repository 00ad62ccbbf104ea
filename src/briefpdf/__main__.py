"""The `briefpdf` command's entry point (and `python -m briefpdf`).

It loads the command line itself, so that a Ctrl-C while briefpdf's modules are still
loading ends like one at any later moment: a plain message and exit code 130, no traceback.
"""

import sys


def main() -> None:
    try:
        from briefpdf.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("已中断；原有文件未被改动。 Interrupted; existing files are untouched.\n")
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
