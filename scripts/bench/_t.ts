import { migrateDeploy } from "../../src/store/migrate";
import { Store } from "../../src/store/store";
import { benchConfig, seedScale } from "./seed";
const url = process.argv[2]!; const n = Number(process.argv[3]);
async function main() {
  await migrateDeploy(url);
  const store = await Store.open(url);
  console.log(await seedScale(store, benchConfig(), { incidents: n, tasksPerIncident: 10 }));
  await store.close();
}
main();
