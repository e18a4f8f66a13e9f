// torchvision.models: the classification models with torchvision's names, inits and weights.
export { Weights, type WeightsEnum, type WeightsMeta } from "./_api";
export { ImageClassification } from "./_presets";
export { _IMAGENET_CATEGORIES } from "./_meta";
export { _make_divisible } from "./_utils";
export {
  ResNet, BasicBlock, Bottleneck, conv1x1, conv3x3, resnet18, resnet34, resnet50,
  ResNet18_Weights, ResNet34_Weights, ResNet50_Weights,
  type ResNetOptions, type BlockOptions, type ModelBuilderOptions,
} from "./resnet";
export {
  VGG, make_layers, cfgs, vgg11, vgg11_bn, vgg16, vgg16_bn,
  VGG11_Weights, VGG11_BN_Weights, VGG16_Weights, VGG16_BN_Weights, type VGGOptions,
} from "./vgg";
export { AlexNet, alexnet, AlexNet_Weights, type AlexNetOptions } from "./alexnet";
export { MobileNetV2, InvertedResidual, mobilenet_v2, MobileNet_V2_Weights, type MobileNetV2Options } from "./mobilenetv2";
