// H5 only (Taro resolves `./sheet-styles` to this file in the H5 build): the choice sheet's styles.
import './picker.scss'
