# Runs a tutorial's Python original (argv[2:]: the script and its arguments) as `python script`
# would, after torch.manual_seed(argv[1]): the tutorials draw their initial weights (and
# shuffles) from an unseeded generator, and the tests compare them with their ports from one
# seed. Also, for the test's generated data sets:
# - CIFAR10's md5 lists are cleared (the generated batches cannot have the real files' md5s;
#   torchvision then checks that the files are there), as tutorial_run.mts does for torchts;
# - a do-nothing matplotlib stands in where matplotlib is not installed (the CIFAR10 tutorial
#   shows images with it).
import os
import runpy
import sys
import types

import torch
import torchvision.datasets as D

torch.manual_seed(int(sys.argv[1]))
for entry in D.CIFAR10.train_list + D.CIFAR10.test_list:
    entry[1] = None
D.CIFAR10.meta["md5"] = None

try:
    import matplotlib  # noqa: F401
except ImportError:
    pyplot = types.ModuleType("matplotlib.pyplot")
    pyplot.imshow = pyplot.show = lambda *args, **kwargs: None
    sys.modules["matplotlib"] = types.ModuleType("matplotlib")
    sys.modules["matplotlib"].pyplot = pyplot
    sys.modules["matplotlib.pyplot"] = pyplot

sys.argv = sys.argv[2:]
sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0])))
runpy.run_path(sys.argv[0], run_name="__main__")
