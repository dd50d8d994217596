"""``python -m annotator``: the same as the ``annotator`` command."""

import multiprocessing
import sys

from annotator.cli import main

multiprocessing.freeze_support()  # a frozen build starts its suggestion worker process through here
sys.exit(main())
