import { migrateDeploy } from "../../src/store/migrate";
import { benchConfig, seedScale } from "./seed";
const url = process.argv[2]!; const n = Number(process.argv[3]);
async function main() {
  await migrateDeploy(url);
  console.log(await seedScale(url, benchConfig(), { incidents: n, tasksPerIncident: 10 }));
}
main();
