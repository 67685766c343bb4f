import mime from 'mime/lite';
import { useTypeTable } from '../content/mime-type.ts';

// Wherever the Node client is loaded, a file's missing type is guessed from its name by the
// `mime` package's standard table (content/mime-type.ts).
useTypeTable((filename) => mime.getType(filename));
