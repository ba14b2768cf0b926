export { itmPointToPoint, itmFreeSpaceLossDb, ITM_DEFAULTS, type ItmOptions, type ItmResult } from './itm';
export { ITM_WARNING, ItmPathError, itmWarningNames, type ItmMode } from './warnings';
