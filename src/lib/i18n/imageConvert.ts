// Words for a picture re-encoded for an OpenAI-compatible server (loaded with that code).

export const imageConvertText = {
  /** The browser could not decode a stored picture to re-encode it as PNG. */
  failed: (type: string) =>
    `A picture in this chat (${type}) could not be converted to PNG, which this server needs: remove it or attach it again as PNG or JPEG.`,
};
