// The demo action portfolio seeded into an empty database (db/seed.ts): what the innovation team of
// Klimatneutrala Borås 2030 carries out, across the four focus areas and the five partners, in every
// status, linked to the residents' demo ideas and groups behind it. Dates are calendar days (a plan
// is not relative to today); progress reports are so many days before the seed runs.
import type { ActionStatus } from "~/domain/actions";
import type { FocusArea } from "~/domain/focus-areas";

export type DemoAction = {
  title: string;
  body: string;
  focusArea: FocusArea;
  /** an action_partners name (migration 0019) */
  partner: string;
  /** who answers for it, as a role (public, so never a name) */
  contactRole: string;
  status: ActionStatus;
  /** why a stopped action was stopped */
  statusReason?: string;
  progress: number;
  tonnes: number;
  method: string;
  budget: number;
  start: string;
  end: string;
  place: [lat: number, lng: number] | null;
  /** the area it covers: "municipality" or a district's or village's id (app/domain/places.ts) */
  area?: string;
  /** the demo ideas behind it, by title (at most six) */
  ideas: RegExp | null;
  /** the demo co-creation group it came from, by title */
  group: string | null;
  /** the demo idea whose official answer ("already planned") names this action, by title */
  answers?: string;
  milestones: { title: string; date: string; done: boolean }[];
  updates: { daysAgo: number; status: ActionStatus; progress: number; message: string }[];
};

export const demoActions: readonly DemoAction[] = [
  {
    title: "Tätare kvällsturer från Hässleholmen",
    body: "Borås Stad och Västtrafik kör bussen mellan Hässleholmen, Södra Älvsborgs sjukhus och centrum var femtonde minut till klockan 23 på vardagar från tidtabellsskiftet i december. Helgtrafiken ses över under våren, utifrån hur de nya kvällsturerna används.",
    focusArea: "mobility",
    partner: "Borås Stad",
    contactRole: "Kollektivtrafikstrateg, Trafikkontoret",
    status: "started",
    progress: 40,
    tonnes: 65,
    method:
      "Västtrafiks prognos för nya kvällsresor (250 per dygn) × andelen som annars tagit bilen (40 %) × 6 km × 0,12 kg CO₂e/km, minus de extra turernas utsläpp (bussarna går på biogas).",
    budget: 3_400_000,
    start: "2026-08-17",
    end: "2027-12-31",
    place: [57.72655, 12.97752],
    area: "hassleholmen",
    ideas: /Hässleholmen på kvällar/,
    group: null,
    answers: "Tätare bussar från Hässleholmen på kvällar och helger",
    milestones: [
      { title: "Avtal med Västtrafik om extra turer", date: "2026-10-15", done: true },
      { title: "Nya kvällsturer i tidtabellen", date: "2026-12-13", done: false },
      { title: "Helgtrafiken utredd", date: "2027-04-30", done: false },
    ],
    updates: [
      {
        daysAgo: 30,
        status: "started",
        progress: 40,
        message:
          "Avtalet med Västtrafik är klart: från den 13 december går bussen från Hässleholmen var femtonde minut till klockan 23 på vardagar.",
      },
    ],
  },
  {
    title: "Laddinfrastruktur vid Knalleland",
    body: "Snabbladdare för elbilar och laddplatser för elcyklar vid Knalleland och Ryhov, med el från Borås Energi och Miljös kraftvärme och solceller.",
    focusArea: "mobility",
    partner: "Borås Energi och Miljö",
    contactRole: "Projektledare laddinfrastruktur",
    status: "started",
    progress: 35,
    tonnes: 180,
    method:
      "Ersatta bensin- och dieselkilometer (uppskattat från laddad energi, 0,2 kWh/km) × Trafikverkets utsläppsfaktor för personbil.",
    budget: 4_200_000,
    start: "2026-03-01",
    end: "2027-12-31",
    place: [57.7366, 12.9249],
    ideas: /(elbil|elcykel|ladd)/i,
    group: null,
    milestones: [
      { title: "Upphandling klar", date: "2026-05-15", done: true },
      { title: "Första tio laddare i drift", date: "2026-11-30", done: false },
    ],
    updates: [
      {
        daysAgo: 40,
        status: "started",
        progress: 35,
        message: "Markarbetet vid Knalleland är klart och de första laddarna levereras i höst.",
      },
    ],
  },
  {
    title: "Trygga cykelstråk in till centrum",
    body: "Sammanhängande, belysta cykelvägar från Sjöbo, Hestra och Dalsjöfors in till centrum, byggda efter invånarnas idéer och workshoppen på Stadsbiblioteket.",
    focusArea: "mobility",
    partner: "Borås Stad",
    contactRole: "Projektledare cykel, Trafikkontoret",
    status: "started",
    progress: 60,
    tonnes: 42.5,
    method:
      "Beräknad överflyttning från bil till cykel (resvaneundersökning 2024) × 2 km per resa × utsläppsfaktor för personbil.",
    budget: 6_800_000,
    start: "2025-05-01",
    end: "2026-12-31",
    place: [57.7196, 12.9175],
    ideas: /cykel(väg|bana)/i,
    group: "Säkra cykelvägar in till centrum",
    milestones: [
      { title: "Sjöbo–centrum öppnar", date: "2025-10-01", done: true },
      { title: "Hestra–centrum öppnar", date: "2026-09-01", done: false },
    ],
    updates: [
      {
        daysAgo: 200,
        status: "started",
        progress: 20,
        message: "Bygget av sträckan Sjöbo–centrum har börjat.",
      },
      {
        daysAgo: 25,
        status: "started",
        progress: 60,
        message: "Sjöbo–centrum är klar och belyst. Nu bygger vi vidare mot Hestra.",
      },
    ],
  },
  {
    title: "Låsbara cykelparkeringar vid Resecentrum",
    body: "Ett cykelgarage med tak, laddning för elcyklar och 300 låsbara platser vid Resecentrum, så att fler kan cykla till tåget och bussen.",
    focusArea: "mobility",
    partner: "Borås Stad",
    contactRole: "Projektledare cykel, Trafikkontoret",
    status: "planned",
    progress: 0,
    tonnes: 14,
    method:
      "Pendlare som byter bil mot cykel och tåg (enkät bland pendlare 2025: 120 personer) × 220 arbetsdagar × 8 km × 0,12 kg CO₂e/km.",
    budget: 2_100_000,
    start: "2027-04-01",
    end: "2027-11-30",
    place: [57.71984, 12.93368],
    ideas: /(cykelparkering|cykelgarage)/i,
    group: null,
    milestones: [{ title: "Bygglov beviljat", date: "2027-02-28", done: false }],
    updates: [],
  },
  {
    title: "Solceller på Fristadbostäders tak",
    body: "Solceller på tolv av Fristadbostäders flerbostadshus i Fristad och Borås, där hyresgästerna föreslog det.",
    focusArea: "construction",
    partner: "Fristadbostäder/FRIBO",
    contactRole: "Energisamordnare, Fristadbostäder",
    status: "planned",
    progress: 0,
    tonnes: 95,
    method:
      "Beräknad årsproduktion 650 MWh × skillnaden mellan nordisk elmix och solel (livscykel).",
    budget: 12_500_000,
    start: "2027-03-01",
    end: "2028-06-30",
    place: [57.8254, 13.0128],
    ideas: /(solceller på|solpaneler på)/i,
    group: "Solenergi på stadens tak",
    milestones: [{ title: "Takinventering klar", date: "2027-01-31", done: false }],
    updates: [],
  },
  {
    title: "Energilyft för hyreshusen i Fristad",
    body: "Tilläggsisolering, nya fönster och värmeåtervinning ur ventilationen i Fristadbostäders hus från 1970-talet, med hyresgästerna kvar i lägenheterna.",
    focusArea: "construction",
    partner: "Fristadbostäder/FRIBO",
    contactRole: "Förvaltningschef, Fristadbostäder",
    status: "started",
    progress: 45,
    tonnes: 130,
    method:
      "Uppmätt värmeanvändning före och efter i de två första husen (−38 %), uppräknat till alla 14 hus × fjärrvärmens utsläppsfaktor (Borås Energi och Miljö, 2025).",
    budget: 28_000_000,
    start: "2025-09-01",
    end: "2028-12-31",
    place: [57.8232, 13.0141],
    area: "fristad",
    ideas: null,
    group: null,
    milestones: [
      { title: "De två första husen klara", date: "2026-06-30", done: true },
      { title: "Hus 3–8 klara", date: "2027-09-30", done: false },
    ],
    updates: [
      {
        daysAgo: 150,
        status: "started",
        progress: 30,
        message:
          "De två första husen på Tallvägen är klara. Hyresgästerna har fått nya fönster och värmen räcker med lägre temperatur på fjärrvärmen.",
      },
      {
        daysAgo: 20,
        status: "started",
        progress: 45,
        message:
          "Vi mäter nu värmeanvändningen: 38 % lägre i de två första husen. Nästa etapp börjar i mars.",
      },
    ],
  },
  {
    title: "Återbruksgård för byggmaterial på Sobacken",
    body: "En återbruksgård på Sobacken där byggföretag, kommunens fastighetsförvaltning och privatpersoner lämnar och hämtar dörrar, fönster, virke och sanitetsporslin i stället för att slänga.",
    focusArea: "construction",
    partner: "Borås Energi och Miljö",
    contactRole: "Verksamhetsutvecklare återbruk",
    status: "started",
    progress: 70,
    tonnes: 210,
    method:
      "Vägd mängd återbrukat material per kategori (2026: 180 ton) × IVL:s klimatdata för nyproduktion av samma material.",
    budget: 1_900_000,
    start: "2025-11-01",
    end: "2027-06-30",
    place: [57.68838, 12.97604],
    ideas: /återbruksgård/i,
    group: null,
    milestones: [
      { title: "Gården öppen för byggföretag", date: "2026-03-01", done: true },
      { title: "Öppet för privatpersoner på lördagar", date: "2027-02-01", done: false },
    ],
    updates: [
      {
        daysAgo: 90,
        status: "started",
        progress: 70,
        message:
          "Återbruksgården har tagit emot 120 ton material sedan öppningen i mars. Flest dörrar och fönster hittills.",
      },
    ],
  },
  {
    title: "Gemensam solcellspark i Borgstena",
    body: "En solcellspark som boende och företag i bygden äger tillsammans, på mark som Borås Energi och Miljö arrenderar.",
    focusArea: "construction",
    partner: "Borås Energi och Miljö",
    contactRole: "Affärsutvecklare förnybar energi",
    status: "stopped",
    statusReason:
      "Elnätet i området klarar inte parkens effekt förrän ledningen förstärkts, tidigast 2029. Vi tar upp idén igen då och har sparat intresseanmälningarna.",
    progress: 15,
    tonnes: 0,
    method:
      "Ingen minskning räknas medan åtgärden är stoppad (beräknat 40 t/år med parken i drift).",
    budget: 0,
    start: "2025-06-01",
    end: "2026-06-30",
    place: [57.88238, 13.03055],
    ideas: /solcellspark/i,
    group: null,
    milestones: [{ title: "Intresseanmälan från boende", date: "2025-09-30", done: true }],
    updates: [
      {
        daysAgo: 120,
        status: "stopped",
        progress: 15,
        message:
          "Elnätet i området klarar inte parkens effekt förrän ledningen förstärkts, tidigast 2029. Vi tar upp idén igen då och har sparat intresseanmälningarna.",
      },
    ],
  },
  {
    title: "Reparationskafé och verktygsbibliotek på Navet",
    body: "Ett reparationskafé varannan lördag och ett verktygsbibliotek där man lånar i stället för att köpa, tillsammans med Navets besökare.",
    focusArea: "co-creation",
    partner: "Navet",
    contactRole: "Pedagog, Navet",
    status: "done",
    progress: 100,
    tonnes: 12.5,
    method:
      "Lagade och lånade prylar (räknade vid disken) × genomsnittligt klimatavtryck för ny produkt.",
    budget: 450_000,
    start: "2024-10-01",
    end: "2025-06-30",
    place: [57.7225, 12.9342],
    ideas: /(repar|laga|fixotek|låna|verktygsbibliotek)/i,
    group: "Laga och låna i stället för att köpa",
    milestones: [{ title: "Första reparationskaféet", date: "2024-11-09", done: true }],
    updates: [
      {
        daysAgo: 300,
        status: "done",
        progress: 100,
        message: "Verktygsbiblioteket är öppet och reparationskaféet fortsätter varannan lördag.",
      },
    ],
  },
  {
    title: "Klimatverkstad för barn och unga på Navet",
    body: "Skolklasser i årskurs 4–6 bygger, mäter och testar klimatlösningar för sin egen skolgård i Navets verkstad, och presenterar dem för politikerna i sin stadsdel.",
    focusArea: "co-creation",
    partner: "Navet",
    contactRole: "Skolsamordnare, Navet",
    status: "started",
    progress: 55,
    tonnes: 3,
    method:
      "Grov uppskattning: förändrade resvanor till skolan i deltagande klasser (före- och efterenkät) × skolvägens längd × utsläppsfaktor för personbil.",
    budget: 600_000,
    start: "2026-01-15",
    end: "2027-06-15",
    place: [57.72144, 12.93279],
    ideas: /klimatverkstad/i,
    group: null,
    milestones: [
      { title: "Tio klasser har gått verkstaden", date: "2026-06-15", done: true },
      { title: "Förslagen lämnade till stadsdelarna", date: "2027-05-31", done: false },
    ],
    updates: [
      {
        daysAgo: 160,
        status: "started",
        progress: 55,
        message:
          "Tio klasser har byggt sina skolgårdsmodeller. Flest förslag handlar om cykelställ och skuggande träd.",
      },
    ],
  },
  {
    title: "Klimathackathon med studenter och invånare",
    body: "Två dagars hackathon på Science Park Borås där studenter från Högskolan i Borås, företag och invånare tog fram lösningar för textilåtervinning och delad mobilitet.",
    focusArea: "co-creation",
    partner: "Science Park Borås",
    contactRole: "Innovationsledare, Science Park Borås",
    status: "done",
    progress: 100,
    tonnes: 5,
    method:
      "De två lösningar som gick vidare till pilot: uppskattad minskning under pilotåret enligt lagens egna mätningar, granskade av Science Park Borås.",
    budget: 250_000,
    start: "2025-09-01",
    end: "2025-11-30",
    place: [57.72318, 12.93885],
    ideas: /hackathon/i,
    group: null,
    milestones: [{ title: "Hackathon på Science Park", date: "2025-10-18", done: true }],
    updates: [
      {
        daysAgo: 370,
        status: "done",
        progress: 100,
        message:
          "Tack till alla 80 deltagare! Vinnarlaget testar nu en bytestjänst för arbetskläder med tre företag i Viared.",
      },
    ],
  },
  {
    title: "Klimatledarskap för chefer i Borås",
    body: "Ett program i klimatledarskap för chefer i kommunen och de lokala företagen, med klimatbudget i varje förvaltning.",
    focusArea: "leadership",
    partner: "Science Park Borås",
    contactRole: "Programledare, Science Park Borås",
    status: "paused",
    progress: 30,
    tonnes: 8,
    method:
      "Grov uppskattning: minskade tjänsteresor och energi i deltagarnas verksamheter (enkät efter programmet).",
    budget: 300_000,
    start: "2025-01-15",
    end: "2026-06-30",
    place: null,
    ideas: null,
    group: null,
    milestones: [],
    updates: [
      {
        daysAgo: 60,
        status: "paused",
        progress: 30,
        message: "Programmet pausas under omorganisationen och startar igen efter sommaren.",
      },
    ],
  },
  {
    title: "Klimatbudgeten redovisad så att alla förstår",
    body: "Borås Stads klimatbudget redovisas varje år på en sida i klarspråk, med diagram per förvaltning och hur långt vi har kvar till 2030, på svenska, engelska, finska och arabiska.",
    focusArea: "leadership",
    partner: "Borås Stad",
    contactRole: "Klimatstrateg, Strategiska sektorn",
    status: "started",
    progress: 50,
    tonnes: 0,
    method:
      "Ingen egen minskning: åtgärden gör uppföljningen av de andra åtgärderna begriplig. Räknas därför som noll.",
    budget: 150_000,
    start: "2026-02-01",
    end: "2027-03-31",
    place: null,
    area: "municipality",
    ideas: /klimatbudget/i,
    group: null,
    milestones: [
      { title: "Första redovisningen publicerad", date: "2026-06-15", done: true },
      { title: "Redovisningen på fyra språk", date: "2027-03-31", done: false },
    ],
    updates: [
      {
        daysAgo: 170,
        status: "started",
        progress: 50,
        message:
          "Den första klimatbudgeten i klarspråk är publicerad. Översättningarna kommer i vår.",
      },
    ],
  },
  {
    title: "Klimatkontrakt med företagen i Viared",
    body: "Företagen i Viared skriver under ett gemensamt klimatkontrakt med mål för transporter, energi och spillvärme, och följer upp det varje år tillsammans med Science Park Borås.",
    focusArea: "leadership",
    partner: "Science Park Borås",
    contactRole: "Näringslivsutvecklare, Science Park Borås",
    status: "started",
    progress: 20,
    tonnes: 320,
    method:
      "Summan av företagens egna mål för 2027 (scope 1 och 2, GHG-protokollet), granskade mot deras klimatredovisning 2025.",
    budget: 900_000,
    start: "2026-05-01",
    end: "2028-12-31",
    place: [57.71312, 12.8685],
    ideas: /Viared/,
    group: null,
    milestones: [
      { title: "Tolv företag har skrivit under", date: "2026-10-31", done: true },
      { title: "Första årsuppföljningen", date: "2027-10-31", done: false },
    ],
    updates: [
      {
        daysAgo: 35,
        status: "started",
        progress: 20,
        message:
          "Tolv företag i Viared har skrivit under klimatkontraktet. Nästa steg är en gemensam plan för spillvärmen.",
      },
    ],
  },
];
