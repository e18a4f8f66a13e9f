"""
nanoGPT's "Poor Man's Configurator", exec'd by train.py and sample.py:

$ python train.py --config=small --batch_size=32 --no-bias

Every global of the script with a bool, int, float or str value is an option. `--config=`
(train.py only) picks a preset of ../presets.json (default: "full" on CUDA, "small" on CPU),
applied first; then every --key=value, converted to the type of the key's default. Booleans:
--key, --no-key or --key=True/False. The same names and forms as the TS scripts'.
"""
import json
import os
import sys

def _convert(key, raw, default):
    if isinstance(default, bool):
        if raw.lower() in ('true', '1'): return True
        if raw.lower() in ('false', '0'): return False
    elif isinstance(default, (int, float)):
        try:
            number = float(raw)
        except ValueError:
            number = None
        if number is not None:
            if isinstance(default, float): return number
            if number.is_integer(): return int(number)
    else:
        return raw
    raise ValueError(f"--{key}: expected a {type(default).__name__}, got {raw!r}")

_overrides = {}
for _arg in sys.argv[1:]:
    if not _arg.startswith('--'):
        raise ValueError(f"expected --key=value, got {_arg!r}")
    if '=' in _arg:
        _key, _raw = _arg[2:].split('=', 1)
    elif _arg.startswith('--no-'):
        _key, _raw = _arg[5:], 'False'
    else:
        _key, _raw = _arg[2:], 'True'
    if _key.startswith('_') or _key not in globals() or not isinstance(globals()[_key], (bool, int, float, str)):
        raise ValueError(f"Unknown config key: {_key}")
    _overrides[_key] = _convert(_key, _raw, globals()[_key])

if 'config' in globals():
    config = _overrides.get('config') or ('full' if str(_overrides.get('device', device)).startswith('cuda') else 'small')
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'presets.json')) as _f:
        _presets = json.load(_f)
    if config not in _presets:
        raise ValueError(f"--config: expected one of {', '.join(_presets)}, got {config!r}")
    for _key, _val in _presets[config].items():
        globals()[_key] = float(_val) if isinstance(globals()[_key], float) else _val

for _key, _val in _overrides.items():
    globals()[_key] = _val
