import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ChildProcess, spawn } from 'node:child_process';
import { freePort, stopProcess, tool } from './processes';

/** moto's S3-compatible server (PyPI moto[server], scripts/tools/moto-server.sh) on a free port. */
export interface Moto {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Creates a bucket (moto accepts any credentials). */
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<Moto> {
  const launcher = tool('moto-server.sh');
  const port = await freePort();
  const child: ChildProcess = spawn(launcher, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
  const createBucket = async (name: string) => {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  };
  for (let i = 0; ; i++) {
    try {
      await createBucket('chengguo-ready');
      break;
    } catch (error) {
      if (i > 300 || child.exitCode !== null) {
        child.kill();
        throw new Error(`moto did not come up on ${endpoint}: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    endpoint,
    credentials,
    createBucket,
    async stop() {
      client.destroy();
      await stopProcess(child);
    },
  };
}
