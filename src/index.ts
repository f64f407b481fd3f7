import { plugin } from './eslint/plugin';

export = plugin;
