/**
 * Word lists for the simulated teacher. Everything here is the project's own placeholder material;
 * numbers are spelled out so generated text never collides with numeric stop strings ("16.", "20.").
 */

/** Topics grouped by domain, so an in-breadth evolution can stay "in a related domain". */
export const DOMAINS: Readonly<Record<string, readonly string[]>> = {
  science: [
    'photosynthesis', 'plate tectonics', 'the water cycle', 'black holes', 'vaccines', 'ocean tides',
    'the immune system', 'renewable energy', 'climate feedback loops', 'genetic inheritance', 'volcanic eruptions',
    'the speed of sound', 'migratory birds', 'coral reefs', 'antibiotic resistance', 'solar eclipses',
  ],
  history: [
    'the printing press', 'the Silk Road', 'the Industrial Revolution', 'ancient Roman roads', 'the fall of Constantinople',
    'the history of the bicycle', 'medieval guilds', 'the invention of the telephone', 'the Renaissance',
    'early postal systems', 'the age of exploration', 'the history of coffee houses',
  ],
  cooking: [
    'sourdough bread', 'vegetarian lunches', 'meal prepping', 'fermented vegetables', 'homemade pasta',
    'spice blends', 'weeknight dinners', 'baking without eggs', 'kitchen knife care', 'seasonal soups',
    'breakfast smoothies', 'food storage',
  ],
  finance: [
    'compound interest', 'personal budgeting', 'index funds', 'inflation', 'credit scores', 'emergency savings',
    'student loans', 'small business taxes', 'retirement planning', 'currency exchange', 'household insurance',
    'subscription spending',
  ],
  technology: [
    'password managers', 'cloud storage', 'machine learning', 'open source software', 'public key encryption',
    'smart home devices', 'version control', 'electric cars', 'web accessibility', 'database indexes',
    'two-factor authentication', 'data privacy', 'battery technology', 'spreadsheet formulas',
  ],
  health: [
    'healthy sleep habits', 'stretching routines', 'hydration', 'stress management', 'balanced diets',
    'posture at work', 'regular walking', 'screen time', 'mindful breathing', 'seasonal allergies',
    'first aid basics', 'strength training for beginners',
  ],
  travel: [
    'packing light', 'train travel in Europe', 'budget road trips', 'jet lag', 'travel insurance',
    'visiting national parks', 'solo travel', 'learning basic phrases before a trip', 'camping gear',
    'city walking tours', 'travelling with pets',
  ],
  education: [
    'study schedules', 'online courses', 'note-taking methods', 'learning a second language', 'group projects',
    'exam anxiety', 'reading comprehension', 'homeschooling', 'public speaking', 'critical thinking',
    'library resources', 'scholarship applications',
  ],
  arts: [
    'watercolor painting', 'short story writing', 'jazz improvisation', 'street photography', 'poetry forms',
    'theatre lighting', 'pottery', 'film editing', 'calligraphy', 'museum curation', 'character design',
  ],
  sports: [
    'marathon training', 'team captaincy', 'chess openings', 'swimming technique', 'youth football coaching',
    'rock climbing safety', 'cycling endurance', 'tennis serves', 'yoga for runners', 'sports nutrition',
  ],
  environment: [
    'urban gardening', 'recycling programs', 'composting', 'water conservation', 'wildlife corridors',
    'plastic pollution', 'tree planting', 'energy-efficient homes', 'sustainable fashion', 'bee populations',
  ],
  business: [
    'remote work', 'customer retention', 'product launches', 'team meetings', 'negotiation tactics',
    'startup funding', 'brand identity', 'supply chains', 'job interviews', 'employee onboarding',
    'market research', 'pricing strategy', 'time management',
  ],
};

export const DOMAIN_NAMES: readonly string[] = Object.keys(DOMAINS);
export const ALL_TOPICS: readonly string[] = DOMAIN_NAMES.flatMap((d) => DOMAINS[d] ?? []);

export const AUDIENCES = [
  'a ten-year-old', 'a new employee', 'a busy manager', 'a first-year student', 'a retired teacher',
  'a small business owner', 'a curious teenager', 'someone who has never heard of it', 'a tourist',
  'a software developer', 'a nurse on night shifts', 'a group of volunteers', 'a skeptical friend',
  'a parent of young children', 'an expert in the field', 'a non-native English speaker',
] as const;

export const FORMATS = [
  'a haiku', 'a limerick', 'a short story', 'a product description', 'a motivational speech', 'a tweet',
  'a formal email', 'a blog post introduction', 'a riddle', 'a dialogue between two friends', 'a news headline',
  'a slogan', 'a diary entry', 'a persuasive paragraph', 'a thank-you note', 'a short poem', 'a radio advertisement',
  'a job advertisement', 'a book blurb', 'a fable', 'an acrostic poem', 'a letter to the editor',
] as const;

export const TEXT_KINDS = [
  'sentence', 'paragraph', 'product review', 'tweet', 'email', 'news headline', 'customer message',
  'movie review', 'restaurant review', 'text message', 'job posting', 'statement', 'short story',
  'comment', 'headline', 'social media post', 'complaint', 'question', 'quote', 'recipe description',
] as const;

export const GOALS = [
  'save money on groceries', 'learn a new language', 'prepare for a job interview', 'start a vegetable garden',
  'reduce screen time', 'organize a community event', 'write a cover letter', 'plan a birthday party',
  'get better sleep', 'build a reading habit', 'train for a first race', 'declutter a small apartment',
  'make friends in a new city', 'negotiate a higher salary', 'cook for a large family', 'stay focused while studying',
  'launch a small online shop', 'teach a child to ride a bike', 'run an effective meeting', 'reduce food waste',
  'prepare for a long hike', 'improve handwriting', 'care for a houseplant', 'write a wedding toast',
] as const;

export const PROFESSIONS = [
  'a lighthouse keeper', 'a pastry chef', 'an air traffic controller', 'a marine biologist', 'a librarian',
  'a beekeeper', 'a museum guard', 'a wildlife photographer', 'a train conductor', 'a school counselor',
  'a park ranger', 'a translator', 'a video game tester', 'a florist', 'a firefighter', 'a data analyst',
] as const;

export const LANGUAGES = ['French', 'Spanish', 'German', 'Italian', 'Portuguese', 'Dutch', 'Swedish', 'Polish'] as const;

export const STYLES = [
  'formal', 'casual', 'humorous', 'poetic', 'persuasive', 'academic', 'friendly', 'concise', 'dramatic',
  'optimistic', 'neutral', 'old-fashioned', 'enthusiastic', 'polite',
] as const;

export const CRITERIA = [
  'cost', 'ease of use', 'environmental impact', 'long-term benefits', 'safety', 'speed', 'popularity',
  'accessibility', 'reliability', 'the time it takes to learn',
] as const;

export const THINGS = [
  'books', 'board games', 'hobbies', 'healthy snacks', 'podcast topics', 'team-building activities',
  'rainy-day activities', 'interview questions', 'gift ideas', 'study tips', 'names for a pet turtle',
  'conversation starters', 'weekend projects', 'budget-friendly meals', 'icebreaker questions',
  'creative writing prompts', 'ways to save energy', 'habits of successful students', 'questions for a survey',
] as const;

export const NUMBER_WORDS = ['two', 'three', 'four', 'five', 'six', 'seven'] as const;

/** Label sets for classification tasks. */
export const LABEL_SETS: readonly (readonly string[])[] = [
  ['positive', 'negative'],
  ['positive', 'negative', 'neutral'],
  ['spam', 'not spam'],
  ['fact', 'opinion'],
  ['formal', 'informal'],
  ['urgent', 'not urgent'],
  ['sarcastic', 'sincere'],
  ['offensive', 'not offensive'],
  ['relevant', 'irrelevant'],
  ['easy', 'medium', 'hard'],
  ['agree', 'disagree'],
  ['sports', 'politics', 'technology'],
  ['question', 'statement'],
  ['complaint', 'compliment'],
  ['helpful', 'unhelpful'],
];

export const STOPWORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with about as into like through after over between out ' +
    'against during without before under around among is are was were be been being am do does did have has had ' +
    'having it its this that these those there here i me my we our you your he him his she her they them their ' +
    'what which who whom whose when where why how all any both each few more most other some such no nor not only ' +
    'own same so than too very can will just should would could may might must shall also one two three four five ' +
    'six seven eight nine ten please give write explain describe list tell make create generate provide following ' +
    'given use using based way ways new good best way well many much every into onto upon up down off again further ' +
    'once while because until whether within without per via etc said says say get got also whose thing things'
  ).split(/\s+/),
);

/** Connective sentences for generic prose; `{s}` is the subject. */
export const PROSE_OPENERS = [
  'Here is a short overview of {s}.',
  '{S} is easier to understand once it is broken into a few simple parts.',
  'There are several useful ways to think about {s}.',
  'A good answer about {s} starts with the basics.',
  'In brief, {s} comes down to a handful of practical ideas.',
  '{S} is a topic that rewards a careful, step-by-step look.',
] as const;

export const PROSE_BODY = [
  'The first thing to notice is that {s} involves several connected factors rather than a single cause.',
  'Most people find that a clear goal makes {s} much easier to manage.',
  'A practical first step is to focus on the fundamentals before moving on to the details.',
  'It also helps to compare a few concrete examples and note what they have in common.',
  'One common mistake is to treat {s} as fixed, when in practice it changes with context.',
  'Small, regular habits usually matter more than occasional large efforts.',
  'Experts often recommend starting small, measuring progress and adjusting the approach over time.',
  'Clear language and simple examples make the main points easier to remember.',
  'Cost, time and personal preference all play a part in choosing the right approach.',
  'When in doubt, it is worth checking a reliable reference or asking someone with direct experience.',
  'The details vary from case to case, but the underlying principles stay the same.',
  'Keeping short notes along the way makes it easier to see what works and what does not.',
  'A balanced view considers both the benefits and the possible drawbacks.',
  'Thinking about who is affected, and how, often reveals the most important considerations.',
  'It can be useful to set aside a fixed amount of time each week to review progress on {s}.',
  'Many of the same ideas apply to related areas, which makes the effort worthwhile.',
  'A simple checklist can prevent the most frequent errors.',
  'Patience matters, because the benefits of {s} tend to appear gradually rather than all at once.',
] as const;

export const PROSE_CLOSERS = [
  'In short, {s} is manageable with a clear plan and a little patience.',
  'Overall, a steady and well-informed approach to {s} works best.',
  'With these points in mind, anyone can make real progress with {s}.',
  'Taken together, these ideas give a solid starting point for {s}.',
] as const;

export const REFUSALS = [
  "I'm sorry, but I can't help with that request as it is written.",
  "I'm sorry, but I don't have enough information to answer this question accurately.",
  'Sorry, this request is too ambiguous for me to give a reliable answer.',
  "I'm sorry, but I am unable to complete this task because it requires information I do not have.",
] as const;

/** Settings for compositional topics ("coastal tourism", "school libraries", ...). */
export const SETTINGS = [
  'urban', 'rural', 'coastal', 'school', 'household', 'community', 'office', 'online', 'family', 'mountain',
  'village', 'hospital', 'university', 'neighborhood', 'farm', 'island',
] as const;
export const SUBJECTS = [
  'gardening', 'budgeting', 'recycling', 'transport', 'libraries', 'festivals', 'safety rules', 'nutrition',
  'energy use', 'volunteering', 'tourism', 'markets', 'sports clubs', 'housing', 'water supply', 'broadband access',
  'radio stations', 'healthcare', 'cooking classes', 'art projects', 'book clubs', 'bike lanes', 'noise levels',
  'waste collection', 'internships', 'museums', 'cafes', 'weather forecasts', 'fundraising', 'childcare',
] as const;

/** Qualifiers that narrow a topic ("... on a small budget"). */
export const QUALIFIERS = [
  'for beginners', 'in small towns', 'on a small budget', 'during the winter', 'at work', 'for families',
  'in large cities', 'for older adults', 'in developing countries', 'for university students', 'at home',
  'in the last decade', 'after a natural disaster', 'in rainy climates', 'for people with little free time',
  'in a multilingual classroom', 'for remote teams', 'in the early morning', 'for first-time parents',
  'during a heatwave', 'in public schools', 'for freelancers', 'in shared apartments', 'on long journeys',
] as const;

export const CITIES = [
  'Lisbon', 'Nairobi', 'Osaka', 'Toronto', 'Lima', 'Oslo', 'Melbourne', 'Krakow', 'Accra', 'Montreal', 'Seville',
  'Hanoi', 'Tallinn', 'Cape Town', 'Bogota', 'Edinburgh', 'Porto', 'Istanbul', 'Vancouver', 'Auckland', 'Dublin',
  'Marrakesh', 'Santiago', 'Helsinki', 'Glasgow', 'Kyoto', 'Zurich', 'Valencia',
] as const;

export const PUBLICATIONS = [
  'school newsletter', 'local newspaper', 'company blog', 'podcast episode', 'museum leaflet', 'radio show',
  'community website', 'travel magazine', 'science fair poster', 'library bulletin', 'staff handbook', 'youth club flyer',
] as const;

export const SITUATIONS = [
  'just moved to a new city', 'works night shifts', 'has two young children', 'is learning English',
  'runs a small farm', 'is training for a marathon', 'has never used a computer', 'is about to retire',
  'lives in a tiny apartment', 'travels every week for work', 'is starting university', 'cares for an elderly parent',
  'is changing careers', 'volunteers at an animal shelter',
] as const;
