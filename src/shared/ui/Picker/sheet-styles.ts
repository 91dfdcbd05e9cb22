// The mini-programs use the platform's own picker: the H5 sheet's styles (sheet-styles.h5.ts) are not shipped there.
export {}
