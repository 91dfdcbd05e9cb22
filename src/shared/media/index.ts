export { currentPlatform, MediaErrorCode, type MediaKind, type MediaPlatform, type PickedFile, type PickSource } from './types'
export { pickFiles, pickSources, acceptText, kindOf, inputAccept, fromBrowserFiles, typeUnsupported, type PickOptions } from './pick'
export {
  prepareForUpload,
  compressH5,
  compressMini,
  makeThumbnail,
  fitLongSide,
  tooLarge,
  COMPRESS_TARGET_BYTES,
  COMPRESS_MAX_SIDE,
  MINI_QUALITIES,
  H5_COMPRESS_OPTIONS
} from './compress'
