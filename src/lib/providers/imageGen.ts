// The front door for drawing: one generator per server kind, like `createProvider` for chat.
import { OllamaImageGenerator } from './imageOllama';
import { OpenAiImageGenerator } from './imageOpenai';
import type { ImageGenerator } from './imageTypes';
import type { PageInfo } from './page';
import type { Connection } from './types';

export function createImageGenerator(conn: Connection, page?: () => PageInfo): ImageGenerator {
  return conn.kind === 'openai' ? new OpenAiImageGenerator(conn, page) : new OllamaImageGenerator(conn, page);
}

export type * from './imageTypes';
export { isImageModel, sniffImage } from './imageTypes';
