// The engine-neutral driver the journey is written against: a few operations every engine's
// automation protocol offers. Elements are opaque handles the driver itself hands out.

/**
 * @typedef {unknown} Handle
 * @typedef {object} Driver
 * @property {string} engine
 * @property {string} version
 * @property {(url: string) => Promise<void>} goto
 * @property {() => Promise<void>} reload
 * @property {(role: string, name: string, within?: Handle) => Promise<Handle[]>} findAll
 *   Visible elements whose computed role and accessible name (as the engine computes them) match exactly.
 * @property {(el: Handle) => Promise<void>} click  A real click: scrolled into view, pointer events.
 * @property {(el: Handle, text: string) => Promise<void>} type  Keystrokes into the element.
 * @property {(el: Handle, key: 'Enter' | 'Escape') => Promise<void>} press
 * @property {(el: Handle, value: string) => Promise<void>} select  Picks a `<select>` option by value.
 * @property {(el: Handle, paths: string[]) => Promise<void>} setFiles  Files for an `<input type=file>`.
 * @property {<T>(fn: (...args: any[]) => T | Promise<T>, ...args: unknown[]) => Promise<T>} evaluate
 *   Runs `fn` in the page (it is sent as source text: no closures); handles may be passed as arguments.
 * @property {(fn: (...args: any[]) => Element | null, ...args: unknown[]) => Promise<Handle | null>} element
 *   A handle to the element `fn` returns in the page.
 * @property {(path: string) => Promise<void>} screenshot  A PNG of the viewport.
 * @property {() => Promise<void>} close
 */

export {};
