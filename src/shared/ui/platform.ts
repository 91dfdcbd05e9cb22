/**
 * What only the H5 build needs from the ui kit lives in platform.h5.ts (Taro picks the `.h5` file for the H5 build
 * and this one for the mini-programs, whose hosts give focus rings and page titles themselves).
 */
export function installPlatformUi(): void {}
