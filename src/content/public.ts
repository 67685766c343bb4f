export type { ContentSource, RequestContent } from './content.ts';
export { isContentSource } from './content.ts';
export { Form, Html, Json, MultiPart, type MultiPartOptions, Text } from './content-objects.ts';
export type { BodyInit, ContentInit, FileSpec, FilesInit, FileValue, FormInit } from './types.ts';
