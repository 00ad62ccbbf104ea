from briefpdf.cli import main

main()
