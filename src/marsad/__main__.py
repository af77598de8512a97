"""``python -m marsad``: the same command as the ``marsad`` console script (useful where scripts are not on PATH)."""

from marsad.cli import main

if __name__ == "__main__":
    main()
