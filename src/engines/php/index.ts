import type { Engine } from '../../model/finding';

export const phpEngine: Engine = {
  language: 'php',
  lint() {
    return { findings: [] };
  },
};
