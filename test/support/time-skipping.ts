import { TestWorkflowEnvironment } from '@temporalio/testing';
import { tool } from './processes';

/**
 * Temporal's time-skipping test server, from the Maven artifact io.temporal:temporal-test-server
 * (built once by scripts/tools/temporal-test-server.sh and cached outside the clone).
 */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH || tool('temporal-test-server.sh');
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}
