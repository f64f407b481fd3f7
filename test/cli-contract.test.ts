// End-to-end: each case spawns the built bin on a temp folder. The cases live in test/cli/*.ts, grouped
// by theme, and run here so that dist/ is built once, before any of them.
import { afterAll, beforeAll } from 'vitest';
import { build, cleanup } from './cli/helpers';
import './cli/formats';
import './cli/exits';
import './cli/config';
import './cli/files';
import './cli/fix';
import './cli/speed';
import './cli/baseline';
import './cli/security';
import './cli/setup';

beforeAll(build);
afterAll(cleanup);
