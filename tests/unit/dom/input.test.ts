import { describe, expect, it } from 'vitest';
import { InputYield, lastKeyInput, lastUserInput } from '../../../src/lib/dom/input';

describe('typing comes before streaming', () => {
  it('leaves the frame after a keystroke to it, and the next one to the answer', () => {
    let inputAt = -Infinity;
    const gate = new InputYield(200, () => inputAt);
    expect(gate.shouldYield(0)).toBe(false);
    inputAt = 10;
    expect(gate.shouldYield(16)).toBe(true);
    expect(gate.shouldYield(33)).toBe(false);
    expect(gate.shouldYield(50)).toBe(false);
  });

  it('lets the answer move at least every 200 ms while someone types without a pause', () => {
    let inputAt = -Infinity;
    const gate = new InputYield(200, () => inputAt);
    const ran: number[] = [];
    for (let now = 0; now <= 1000; now += 16) {
      inputAt = now - 1; // a key before every frame
      if (!gate.shouldYield(now)) ran.push(now);
    }
    expect(ran.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < ran.length; i++) expect(ran[i]! - ran[i - 1]!).toBeLessThanOrEqual(224);
  });

  it('notices a real key press and pointer press on the page', () => {
    const before = lastUserInput();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    const afterKey = lastUserInput();
    expect(afterKey).toBeGreaterThan(before);
    expect(lastKeyInput()).toBe(afterKey);
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(lastUserInput()).toBeGreaterThanOrEqual(afterKey);
    // A click is input, not typing (a Stop click must not slow the answer's last words).
    expect(lastKeyInput()).toBe(afterKey);
  });
});
