// torch.cuda's random-number functions against Python's on the same machine: where CUDA is
// unavailable, the same errors and the same silent no-ops; where it is available, the same
// generator states, draws and round trips.
import { describe, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";

const cases: Case[] = [
  { name: "get_rng_state after torch.manual_seed", ts: () => (torch.manual_seed(1), torch.cuda.get_rng_state()), py: "torch.manual_seed(1); r = torch.cuda.get_rng_state()" },
  { name: "get_rng_state of cuda:0 by index", ts: () => (torch.manual_seed(2), torch.cuda.get_rng_state(0)), py: "torch.manual_seed(2); r = torch.cuda.get_rng_state(0)" },
  { name: "get_rng_state of 'cuda:0'", ts: () => (torch.manual_seed(3), torch.cuda.get_rng_state("cuda:0")), py: "torch.manual_seed(3); r = torch.cuda.get_rng_state('cuda:0')" },
  { name: "initial_seed after cuda.manual_seed", ts: () => (torch.cuda.manual_seed(5), torch.cuda.initial_seed()), py: "torch.cuda.manual_seed(5); r = torch.cuda.initial_seed()" },
  { name: "manual_seed returns nothing", ts: () => (torch.cuda.manual_seed(3), null), py: "r = torch.cuda.manual_seed(3)" },
  { name: "manual_seed_all, seed, seed_all return nothing", ts: () => (torch.cuda.manual_seed_all(3), torch.cuda.seed(), torch.cuda.seed_all(), null), py: "torch.cuda.manual_seed_all(3); torch.cuda.seed(); r = torch.cuda.seed_all()" },
  { name: "get_rng_state_all", ts: () => (torch.manual_seed(4), torch.cuda.get_rng_state_all()), py: "torch.manual_seed(4); r = torch.cuda.get_rng_state_all()" },
  { name: "set_rng_state of the CPU's state returns nothing", ts: () => (torch.cuda.set_rng_state(torch.get_rng_state().index("0:16")), null), py: "r = torch.cuda.set_rng_state(torch.get_rng_state()[0:16])" },
  { name: "get_rng_state of a dict", ts: () => torch.cuda.get_rng_state({} as never), py: "r = torch.cuda.get_rng_state({})" },
  { name: "set_rng_state of a number", ts: () => torch.cuda.set_rng_state(5 as never), py: "r = torch.cuda.set_rng_state(5)" },
  {
    name: "a state round trip draws the same numbers again",
    ts: () => {
      torch.cuda.manual_seed(11);
      const state = torch.cuda.get_rng_state();
      const a = torch.randn(5, { device: "cuda" });
      torch.cuda.set_rng_state(state);
      return torch.randn(5, { device: "cuda" }).sub(a).cpu();
    },
    py: "torch.cuda.manual_seed(11); s = torch.cuda.get_rng_state(); a = torch.randn(5, device='cuda'); torch.cuda.set_rng_state(s); r = torch.randn(5, device='cuda').sub(a).cpu()",
  },
  { name: "manual_seed_all then a draw", ts: () => (torch.cuda.manual_seed_all(7), torch.randn(4, { device: "cuda" }).cpu()), py: "torch.cuda.manual_seed_all(7); r = torch.randn(4, device='cuda').cpu()" },
];

describe(`torch.cuda random functions against Python (CUDA ${torch.cuda.is_available() ? "available" : "unavailable"})`, () => {
  const expected = pythonResults(cases);
  cases.forEach((c, i) => it(c.name, () => expectSame(c, expected[i])));
});
