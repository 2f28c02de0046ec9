"""The Typer command-line app. Commands parse options, call one library function, print the result."""
