import { defineConfig } from 'drizzle-kit';

// drizzle-kit only reads the schema to generate SQL migrations; it never connects.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './db/migrations',
});
