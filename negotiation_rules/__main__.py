"""The ``nrules`` command (also ``python -m negotiation_rules``), loaded cheaply.

Loading Python, click, attrs, cattrs, experta and this package makes some 30,000
objects that live as long as the process. Collecting while they are made, and then
scanning them again in every later collection and at exit, was about a tenth of ``nrules
assess``'s time. So this module, the console script's entry point, loads the command
line with the cyclic garbage collector paused and `gc.freeze`s what loading made (the
few objects already garbage by then stay too: about half a megabyte, once per process),
then puts the collector back as it found it. ``main`` is the click group itself.
"""

import gc

_collecting = gc.isenabled()
gc.disable()
try:
    from .cli import main
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

__all__ = ["main"]

if __name__ == "__main__":
    main()
