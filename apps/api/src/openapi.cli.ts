/** Writes the API's OpenAPI document (JSON) to stdout, without connecting to anything: `npm run generate:api-client` reads it. */
import { openApiDocumentOffline } from './openapi';

openApiDocumentOffline()
  .then((document) => process.stdout.write(`${JSON.stringify(document, null, 2)}\n`))
  .catch((error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  });
