// torchts/vision: torchvision's datasets, transforms and io for the tutorials' pipelines.
//   import { datasets, transforms } from "torchts/vision";
//   const train = new datasets.MNIST("data", { train: true, download: true, transform: new transforms.ToTensor() });
/// <reference types="node" preserve="true" />
import * as datasetsModule from "./datasets";
import * as transformsModule from "./transforms";
import * as ioModule from "./io";
import * as colorModule from "./transforms_color";
import * as rotateModule from "./transforms_rotate";
import * as modelsModule from "./models";
import * as ioWriteModule from "./io_write";
import * as utilsModule from "./utils";
import { Conv2dNormActivation } from "./ops_misc";
import { Image, fromarray } from "./image";

export { Image, fromarray } from "./image";
export type { ImageMode } from "./image";

/** torchvision.datasets */
export const datasets = {
  MNIST: datasetsModule.MNIST,
  FashionMNIST: datasetsModule.FashionMNIST,
  KMNIST: datasetsModule.KMNIST,
  EMNIST: datasetsModule.EMNIST,
  CIFAR10: datasetsModule.CIFAR10,
  CIFAR100: datasetsModule.CIFAR100,
  DatasetFolder: datasetsModule.DatasetFolder,
  ImageFolder: datasetsModule.ImageFolder,
  FakeData: datasetsModule.FakeData,
  VisionDataset: datasetsModule.VisionDataset,
  folder: {
    find_classes: datasetsModule.find_classes,
    make_dataset: datasetsModule.make_dataset,
    has_file_allowed_extension: datasetsModule.has_file_allowed_extension,
    is_image_file: datasetsModule.is_image_file,
    default_loader: datasetsModule.default_loader,
    pil_loader: datasetsModule.pil_loader,
    IMG_EXTENSIONS: datasetsModule.IMG_EXTENSIONS,
  },
  mnist: {
    read_sn3_pascalvincent_tensor: datasetsModule.read_sn3_pascalvincent_tensor,
    read_image_file: datasetsModule.read_image_file,
    read_label_file: datasetsModule.read_label_file,
  },
  cifar: { _load_cifar_pickle: datasetsModule._load_cifar_pickle },
  utils: {
    calculate_md5: datasetsModule.calculate_md5,
    check_integrity: datasetsModule.check_integrity,
    download_url: datasetsModule.download_url,
    extract_archive: datasetsModule.extract_archive,
    download_and_extract_archive: datasetsModule.download_and_extract_archive,
  },
  FileNotFoundError: datasetsModule.FileNotFoundError,
};

const { ColorJitterV2, v2_functional, ...color } = colorModule;
/** torchvision.transforms (v1; transforms.v2 holds the v2 names) */
export const transforms = {
  ...transformsModule,
  ...color,
  RandomRotation: rotateModule.RandomRotation,
  rotate: rotateModule.rotate,
  functional: {
    ...transformsModule.functional,
    rgb_to_grayscale: color.rgb_to_grayscale,
    adjust_brightness: color.adjust_brightness,
    adjust_contrast: color.adjust_contrast,
    adjust_saturation: color.adjust_saturation,
    adjust_hue: color.adjust_hue,
    rotate: rotateModule.rotate,
    _get_inverse_affine_matrix: rotateModule._get_inverse_affine_matrix,
  },
  v2: {
    ...transformsModule.v2,
    ColorJitter: ColorJitterV2,
    RandomRotation: rotateModule.RandomRotationV2,
    functional: { ...transformsModule.v2.functional, ...v2_functional, rotate: rotateModule.rotate_v2 },
  },
};

/** torchvision.io */
export const io = { ...ioModule, ...ioWriteModule };

/** torchvision.utils */
export const utils = { ...utilsModule };

/** torchvision.models */
export const models = { ...modelsModule };

/** torchvision.ops (the layers the models use) */
export const ops = { Conv2dNormActivation, misc: { Conv2dNormActivation } };

export {
  MNIST, FashionMNIST, KMNIST, EMNIST, CIFAR10, CIFAR100, DatasetFolder, ImageFolder, FakeData, VisionDataset,
  FileNotFoundError, find_classes, make_dataset,
} from "./datasets";
export type {
  MNISTOptions, CIFAROptions, DatasetFolderOptions, ImageFolderOptions, FakeDataOptions, VisionDatasetOptions, MakeDatasetOptions,
} from "./datasets";
export type { ResizeOptions, PadOptions, RandomCropOptions, RandomResizedCropOptions, TransformLike } from "./transforms";

const vision = { datasets, transforms, io, models, ops, utils, Image, fromarray };
export default vision;
