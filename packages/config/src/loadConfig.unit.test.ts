import { ConfigError, loadConfig } from './loadConfig';
import { bool, csv, port, z } from './index';

const schema = z.object({ PORT: port(8080), DEBUG: bool(false), ORIGINS: csv(), NAME: z.string().min(1) });

describe('loadConfig', () => {
  it('applies defaults and coerces strings', () => {
    const config = loadConfig(schema, { NAME: 'edge', ORIGINS: 'https://a.example, https://b.example' });
    expect(config).toEqual({ PORT: 8080, DEBUG: false, ORIGINS: ['https://a.example', 'https://b.example'], NAME: 'edge' });
  });

  it('lists every invalid field at once', () => {
    try {
      loadConfig(schema, { PORT: 'seventy', DEBUG: 'maybe' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/DEBUG/);
      expect(problems).toMatch(/NAME/);
    }
  });
});
