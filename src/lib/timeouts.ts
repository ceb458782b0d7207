// A server's time-outs when its profile sets none (kept apart from the form so the first load does
// not carry the form's code).
export const DEFAULT_CONNECT_TIMEOUT_S = 15;
export const DEFAULT_FIRST_BYTE_TIMEOUT_S = 300;
