// `npm run emulator`: runs the local Slack emulator on its own, for trying renkei by hand:
//   npm run emulator                     (prints the SLACK_API_URL to use)
//   SLACK_API_URL=... SLACK_BOT_TOKEN=xoxb-emulator-token SLACK_SIGNING_SECRET=x npm start
//   SLACK_API_URL=... SLACK_BOT_TOKEN=xoxb-emulator-token SLACK_APP_TOKEN=<app token> npm start   (Socket Mode)
import { SlackEmulator } from "../emulator";

const port = Number(process.env.EMULATOR_PORT ?? 4390);
const emu = await SlackEmulator.start({ port });
console.log(`Slack emulator listening: SLACK_API_URL=${emu.apiUrl} (bot token ${emu.botToken}, app-level token ${emu.appToken} for Socket Mode)`);
const stop = () => void emu.stop().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
