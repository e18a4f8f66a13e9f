// torch.nn.utils
export * from "./clip_grad";
export * as rnn from "./rnn";
export * as parametrize from "./parametrize";
export * as parametrizations from "./parametrizations";
export {
  parameters_to_vector,
  vector_to_parameters,
  weight_norm,
  remove_weight_norm,
  spectral_norm,
  remove_spectral_norm,
  fuse_conv_bn_eval,
  fuse_conv_bn_weights,
  fuse_linear_bn_eval,
  fuse_linear_bn_weights,
  skip_init,
  functional_call as _functional_call,
} from "./misc";
import { functional_call } from "./misc";
/** torch.nn.utils.stateless */
export const stateless = { functional_call };
