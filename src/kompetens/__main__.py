from kompetens.cli.app import main

main()
