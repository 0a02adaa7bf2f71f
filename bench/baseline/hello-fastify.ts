/** The HTTP baseline: a bare Fastify 5 hello-world, no plugins, no logger. */
import Fastify from 'fastify';

export async function startHelloFastify(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });

  return { url, close: () => app.close() };
}
