from advolint.cli import main

main()
