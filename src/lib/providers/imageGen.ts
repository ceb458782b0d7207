// The front door for drawing: one generator per server kind, like `createProvider` for chat.
import { OllamaImageGenerator } from './imageOllama';
import { OpenAiImageGenerator } from './imageOpenai';
import type { ImageGenerator } from './imageTypes';
import type { PageInfo } from './page';
import type { Connection } from './types';
import { withErrorWords } from './words';

export function createImageGenerator(conn: Connection, page?: () => PageInfo): ImageGenerator {
  const generator =
    conn.kind === 'openai' ? new OpenAiImageGenerator(conn, page) : new OllamaImageGenerator(conn, page);
  // Its failures wait for their words before they reach the store (words.ts).
  return withErrorWords(generator);
}

export type * from './imageTypes';
export { isImageModel, sniffImage } from './imageTypes';
