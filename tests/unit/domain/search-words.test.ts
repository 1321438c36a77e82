import { describe, expect, it } from "vitest";
import { searchWords, SEARCH_WORDS_MAX } from "~/domain/search-words";

describe("searchWords", () => {
  it("keeps the words that narrow a search, in lower case, once each", () => {
    expect(searchWords("Cykelbana längs Viskan, cykelbana!")).toEqual([
      "cykelbana",
      "längs",
      "viskan",
    ]);
  });

  it("leaves out words shorter than three letters and common words in Swedish, English and Finnish", () => {
    expect(searchWords("Träd för en grönare stad och med skugga")).toEqual([
      "träd",
      "grönare",
      "stad",
      "skugga",
    ]);
    expect(searchWords("trees for the park")).toEqual(["trees", "park"]);
    expect(searchWords("puita ja että puisto")).toEqual(["puita", "puisto"]);
  });

  it("gives nothing for a search of only common or short words, or of punctuation", () => {
    for (const q of ["för", "och med för", "a b", "", '"*:()', undefined])
      expect(searchWords(q)).toEqual([]);
  });

  it("keeps letters and digits of any script, and at most twelve words", () => {
    expect(searchWords("حديقة الأشجار 2030")).toEqual(["حديقة", "الأشجار", "2030"]);
    const many = Array.from({ length: 30 }, (_, i) => `ord${i}`).join(" ");
    expect(searchWords(many)).toHaveLength(SEARCH_WORDS_MAX);
  });
});
