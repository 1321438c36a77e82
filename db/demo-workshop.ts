// The finished demo workshop seeded into an empty database (db/seed.ts): the evening at
// Stadsbiblioteket that the group "Säkra cykelvägar in till centrum" invited to, with the notes the
// room pinned on the map, the dots it gave them, and the demo action it shaped. Written through the
// workshop models, as a real evening would be; only its times are set back afterwards.
import type { FocusArea } from "~/domain/focus-areas";

export type DemoWorkshop = {
  title: string;
  focusArea: FocusArea;
  /** the demo co-creation group it worked for, by title (its notes join the group) */
  group: string;
  /** the demo action it shaped, by title */
  action: string;
  /** a Place id from ~/domain/places the map opens over, and how far around it */
  around: string;
  meters: number;
  dotsPerParticipant: number;
  /** when the evening began, so many days before the seed runs */
  daysAgo: number;
  /** each joins with the name shown in the room (null: none given); `resident` is a DemoPerson key */
  participants: { resident: string | null; name: string | null }[];
  /** `by`: an index into `participants`, or "facilitator" for a paper note typed in by the facilitator */
  notes: { by: number | "facilitator"; title: string; body: string; lat: number; lng: number }[];
  /** [participant index, note index], in the order they were given */
  dots: [number, number][];
};

export const demoWorkshop: DemoWorkshop = {
  title: "Cykelvägar in till centrum – kväll på Stadsbiblioteket",
  focusArea: "mobility",
  group: "Säkra cykelvägar in till centrum",
  action: "Trygga cykelstråk in till centrum",
  around: "centrum",
  meters: 3_500,
  dotsPerParticipant: 3,
  daysAgo: 28,
  participants: [
    { resident: "maria", name: "Maria" },
    { resident: "ahmed", name: "Ahmed" },
    { resident: null, name: "Stina från Hestra" },
    { resident: null, name: null },
  ],
  notes: [
    {
      by: 0,
      title: "Lampor längs stråket genom Ramnaparken",
      body: "Stråket genom Ramnaparken är mörkt på vinterkvällarna. Med lampor skulle fler våga cykla hem efter jobbet.",
      lat: 57.7196,
      lng: 12.929,
    },
    {
      by: 2,
      title: "Egen cykelbana förbi Hestra Midgård",
      body: "I dag delar cyklisterna körbana med bilarna förbi Hestra Midgård. En egen bana skulle göra morgnarna lugnare för barnen som cyklar till skolan.",
      lat: 57.727,
      lng: 12.91,
    },
    {
      by: 1,
      title: "Grön våg för cyklister på Allégatan",
      body: "Trafikljusen på Allégatan ger cyklister rött vid nästan varje korsning. Samordna dem för cykelfart, ungefär 20 km/h.",
      lat: 57.7215,
      lng: 12.938,
    },
    {
      by: 3,
      title: "Cykelpump vid entrén till Knalleland",
      body: "En pump och några verktyg vid Knalleland, dit många cyklar för att handla. En punktering ska inte behöva bli ett skäl att ta bilen.",
      lat: 57.7305,
      lng: 12.9262,
    },
    {
      by: "facilitator",
      title: "Ploga för cyklister först",
      body: "Från en papperslapp i rummet: plogas cykelbanorna före bilgatorna på morgonen kan man cykla även när det snöar.",
      lat: 57.7235,
      lng: 12.9415,
    },
  ],
  dots: [
    [0, 1],
    [0, 1],
    [0, 0],
    [1, 0],
    [1, 2],
    [1, 1],
    [2, 1],
    [2, 4],
    [3, 0],
    [3, 3],
    [3, 1],
  ],
};
