#!/usr/bin/env python3
"""A wrk script that renders a mix of texts: each request a random template of the list and a
random locale of the seed's 17, with the same arguments, so two workspaces can be compared
render for render.

    Tools/catalog/render-mix.py seed KEY            the seed catalog's templates (`support`)
    Tools/catalog/render-mix.py large KEY [COUNT]   COUNT templates (2 000) spread over shape a's 30 000
"""

from __future__ import annotations

import json
import sys

from generate import Seed


def main() -> None:
    shape, key = sys.argv[1], sys.argv[2]
    seed = Seed()
    if shape == "seed":
        keys = seed.keys
    else:
        count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
        step = max(1, 30000 // count)
        keys = [f"{seed.keys[n % len(seed.keys)]}.v{n:06d}" for n in range(0, count * step, step)]
    print(f"""local keys = {{{", ".join(json.dumps(k) for k in keys)}}}
local locales = {{{", ".join(json.dumps(l) for l in seed.locales)}}}
local headers = {{["Authorization"] = "Bearer {key}", ["Content-Type"] = "application/json"}}
math.randomseed(7)
request = function()
  local body = '{{"key":"' .. keys[math.random(#keys)] .. '","locale":"' .. locales[math.random(#locales)]
    .. '","args":{{"name":"Ana","count":3,"ticket":"A-1","hours":2}}}}'
  return wrk.format("POST", nil, headers, body)
end""")


if __name__ == "__main__":
    main()
