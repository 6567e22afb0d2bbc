"""The ``nrules`` command (also ``python -m negotiation_rules``), started cheaply."""

import gc


def run() -> None:
    """Load the command line with the cyclic garbage collector paused, then run it.

    Loading Python, click, attrs, cattrs, experta and this package makes some 30,000
    objects that live as long as the process. Collecting while they are made, and then
    scanning them again in every later collection, was about a tenth of ``nrules
    assess``'s time; `gc.freeze` sets them aside for good. The few that were already
    garbage stay too: about 0.4 MB, once.
    """
    gc.disable()
    try:
        from .cli import main
    finally:
        gc.freeze()
        gc.enable()
    main()


if __name__ == "__main__":
    run()
