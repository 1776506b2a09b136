/**
 * Search on a board of `posts` posts (seeded, Korean and English, indexed by the real projector
 * from DynamoDB Local's stream): p50/p99 of `posts.search` for a mix of queries, the read units one
 * search costs (ReturnConsumedCapacity), and the index's write cost for a typical post (a
 * 40-character title, a 1,000-character Korean body).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createBoardOperations } from "../api/board/index.js";
import { entriesOf } from "../projector/search-index.js";
import { meterCapacity } from "./viral-thread.js";
import { meteredProjector } from "./metered-projector.js";
import { dynamoOnDemandUsd } from "./prices.js";
import { percentile, round } from "./stats.js";

const korean = [
  "서울",
  "부산",
  "맛집",
  "여행",
  "주말",
  "모임",
  "카페",
  "커피",
  "영화",
  "후기",
  "추천",
  "질문",
  "공원",
  "산책",
  "날씨",
  "사진",
  "고양이",
  "강아지",
  "운동",
  "게임",
  "노트북",
  "휴대폰",
  "회사",
  "학교",
  "시험",
  "공부",
  "요리",
  "김치",
  "라면",
  "바다",
  "기차",
  "버스",
];
const particles = ["에서", "을", "를", "이", "가", "은", "는", "도", "와", "하고", ""];
const english = ["meetup", "laptop", "phone", "battery", "coffee", "weekend", "review", "question", "travel", "camera", "keyboard", "update"];

/** Deterministic prose (a linear congruential sequence), so every run seeds the same board. */
function prose(seed: number, words: number): string {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const out: string[] = [];
  for (let i = 0; i < words; i++)
    out.push(next(5) === 0 ? english[next(english.length)]! : `${korean[next(korean.length)]}${particles[next(particles.length)]}`);
  return out.join(" ");
}

export async function searchBench(endpoint: string, table: string, signingSecret: string, settings: { posts: number; searches: number }) {
  const client = new DynamoDBClient({ endpoint, region: "us-east-1" });
  const board = createBoardOperations({ client, table, signingSecret });
  const name = "bench-search";
  const started = performance.now();
  for (let i = 0; i < settings.posts; i += 50)
    await Promise.all(
      Array.from({ length: Math.min(50, settings.posts - i) }, (_, j) =>
        board.posts.create({ board: name, title: prose(i + j + 1, 4), body: prose((i + j + 1) * 31, 30), author: `user${(i + j) % 97}` }),
      ),
    );
  const seededSeconds = round((performance.now() - started) / 1000, 1);
  // The real projector indexes them from the stream, metered.
  const { poller, used: written } = meteredProjector(endpoint, table);
  const indexStarted = performance.now();
  await poller.drain();
  const indexedSeconds = round((performance.now() - indexStarted) / 1000, 1);
  const seededWriteUnits = written.write;

  // A typical post: its index entries, and what indexing it costs (write units, metered).
  const title = "강릉 1박 2일 여행 후기: 안목해변 커피거리, 초당 순두부, 주문진시장";
  const body = [...readFileSync(join(import.meta.dirname, "fixtures", "korean-post.txt"), "utf8").trim()].slice(0, 1000).join("");
  const before = { ...written };
  await board.posts.create({ board: `${name}-typical`, title, body, author: "지우" });
  await poller.drain();
  poller.stop();
  const typical = {
    titleCharacters: [...title].length,
    bodyCharacters: [...body].length,
    indexEntries: entriesOf({ board: "b", postId: "p", title, body, author: "지우" }).size,
    writeUnits: written.write - before.write,
    readUnits: written.read - before.read,
  };

  // The searches: common and rare Korean words, a one-syllable query, English, a two-word query, by title.
  const queries: { q: string; scope: "all" | "title" }[] = [
    { q: "서울", scope: "all" },
    { q: "고양이", scope: "all" },
    { q: "맛집 여행", scope: "all" },
    { q: "집", scope: "all" },
    { q: "laptop", scope: "all" },
    { q: "battery review", scope: "all" },
    { q: "노트북", scope: "title" },
    { q: "라면 김치", scope: "all" },
  ];
  const searchClient = new DynamoDBClient({ endpoint, region: "us-east-1" });
  const read = meterCapacity(searchClient);
  const searcher = createBoardOperations({ client: searchClient, table, signingSecret });
  const latencies: number[] = [];
  let results = 0;
  for (let i = 0; i < settings.searches; i++) {
    const { q, scope } = queries[i % queries.length]!;
    const t0 = performance.now();
    const page = await searcher.posts.search({ board: name, q, scope, limit: 20 });
    latencies.push(performance.now() - t0);
    results += page.items.length;
  }
  const readUnitsPerSearch = read.read / settings.searches;
  return {
    posts: settings.posts,
    seededSeconds,
    indexedSeconds,
    indexWriteUnitsPerSeededPost: round(seededWriteUnits / settings.posts, 1),
    typical,
    searches: settings.searches,
    meanResults: round(results / settings.searches, 1),
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    readUnitsPerSearch: round(readUnitsPerSearch, 2),
    usdPerThousandSearches: round((readUnitsPerSearch * 1000 * dynamoOnDemandUsd.perMillionReadRequestUnits) / 1e6, 6),
    usdPerTypicalPostIndexed: round((typical.writeUnits * dynamoOnDemandUsd.perMillionWriteRequestUnits) / 1e6, 6),
  };
}
