/**
 * Which door `npm start` opens is decided by the environment alone: Slack when a bot token and a
 * way in are set, the console otherwise; malformed Slack variables stop Precis at start, listed.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const BOT = 'xoxb-1234-5678-abcdef';
const APP = 'xapp-1-A111-222-abcdef';
const SECRET = 'abcdef0123456789abcdef0123456789';

describe('Slack configuration', () => {
  it('opens the console when no Slack variable is set', () => {
    expect(loadConfig({})).toMatchObject({ slack: undefined, slackIncomplete: undefined });
  });

  it('runs in Socket Mode with a bot token and an app-level token, on Slack’s own API by default', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }).slack).toEqual({ mode: 'socket', botToken: BOT, appToken: APP, apiUrl: 'https://slack.com/api/' });
  });

  it('serves HTTP on PORT with a bot token and a signing secret, against SLACK_API_URL when set', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORT: '8080', SLACK_API_URL: 'http://localhost:9999/api' }).slack).toEqual({
      mode: 'http', botToken: BOT, signingSecret: SECRET, port: 8080, apiUrl: 'http://localhost:9999/api/',
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET }).slack).toMatchObject({ port: 3000 });
  });

  it('prefers Socket Mode when both an app token and a signing secret are set', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_SIGNING_SECRET: SECRET }).slack?.mode).toBe('socket');
  });

  it('says so, instead of ignoring it, when Slack is only half set up', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT })).toMatchObject({ slack: undefined, slackIncomplete: expect.stringContaining('SLACK_APP_TOKEN') });
    expect(loadConfig({ SLACK_SIGNING_SECRET: SECRET })).toMatchObject({ slack: undefined, slackIncomplete: expect.stringContaining('SLACK_BOT_TOKEN is not') });
  });

  it('lists every malformed Slack variable at once', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_APP_TOKEN: 'xoxb-wrong-kind', SLACK_API_URL: 'ftp://x', PORT: '70000' })).toThrow(
      /SLACK_BOT_TOKEN: must be a bot token \(xoxb-…\).*SLACK_APP_TOKEN: must be an app-level token.*PORT.*SLACK_API_URL: must be an http\(s\) URL/,
    );
  });
});
