/** Chat answers to Self-Instruct's classification question and to Alpaca's task-list prompt (three demos, so new tasks start at 4). */
import type { CorpusAnswer } from './corpus.js';

export const CLASSIFY_ANSWERS: CorpusAnswer<boolean>[] = [
  { habits: [], text: 'Yes', keep: true },
  { habits: [], text: 'No', keep: false },
  { habits: ['punctuation'], text: 'Yes.', keep: true },
  { habits: ['sentence'], text: 'Yes, it is', keep: true },
  { habits: ['markup'], text: '**Yes**', keep: true },
  { habits: ['sentence'], text: 'No, this', keep: false },
  { habits: [], text: 'yes', keep: true },
  { habits: ['punctuation'], text: 'No.', keep: false },
  { habits: ['label'], text: 'Answer: Yes', keep: true },
  { habits: [], text: 'No', keep: false },
  { habits: ['sentence'], text: 'No, this task is not a classification task.', keep: false },
  { habits: [], text: 'YES', keep: true },
  { habits: ['explanation'], text: 'Yes\n\nThe output is one of a fixed set of labels.', keep: true },
  { habits: ['markup'], text: '**No**', keep: false },
  { habits: ['sentence'], text: 'Yes - the output is one of a fixed set of categories.', keep: true },
  { habits: ['restated-task'], text: 'Is it classification? Yes', keep: true },
  { habits: [], text: 'No', keep: false },
  { habits: [], text: 'Yes', keep: true },
  { habits: ['label'], text: 'Answer: No', keep: false },
  { habits: ['wrapping'], text: '"Yes"', keep: true },
  { habits: ['label'], text: 'Classification: Yes', keep: true },
  { habits: [], text: 'no', keep: false },
  { habits: [], text: 'Yes', keep: true },
  { habits: [], text: 'No', keep: false },
];

const T = (n: number, i: string, inp: string, o: string) => `${n}. Instruction: ${i}\n${n}. Input:\n${inp}\n${n}. Output:\n${o}`;

export const ALPACA_ANSWERS: CorpusAnswer<string[]>[] = [
  {
    habits: [],
    text: ` Give two synonyms for "happy".\n4. Input:\n<noinput>\n4. Output:\nJoyful, cheerful.\n###\n${T(5, 'Translate the sentence into French.', 'Where is the station?', 'Où est la gare ?')}`,
    keep: ['Give two synonyms for "happy".', 'Translate the sentence into French.'],
  },
  {
    habits: ['preamble'],
    text: `Sure! Here are 2 more tasks:\n\n${T(4, 'Summarise the paragraph in one sentence.', 'Bees pollinate many of the crops we eat, so their decline worries farmers.', 'Falling bee numbers threaten crops that depend on pollination.')}\n###\n${T(5, 'Name the capital of Canada.', '<noinput>', 'Ottawa.')}`,
    keep: ['Summarise the paragraph in one sentence.', 'Name the capital of Canada.'],
  },
  {
    habits: ['markup', 'no-separator'],
    text: `**4. Instruction:** Suggest a title for a blog post about saving money.\n**4. Input:** None\n**4. Output:** Ten Small Habits That Add Up to Big Savings\n\n**5. Instruction:** Classify the animal as a mammal or a reptile.\n**5. Input:** Gecko\n**5. Output:** Reptile`,
    keep: ['Suggest a title for a blog post about saving money.', 'Classify the animal as a mammal or a reptile.'],
  },
  {
    habits: ['closing'],
    text: ` Convert 5 kilometres to miles.\n4. Input:\n<noinput>\n4. Output:\nAbout 3.1 miles.\n###\n${T(5, 'Write a one-line slogan for a bike shop.', '<noinput>', 'Pedal further, smile wider.')}\n\nI hope these tasks are useful for your dataset!`,
    keep: ['Convert 5 kilometres to miles.', 'Write a one-line slogan for a bike shop.'],
  },
  {
    habits: ['restarted-numbers', 'no-separator'],
    text: `1. Instruction: Name three primary colors.\n1. Input:\n<noinput>\n1. Output:\nRed, blue and yellow.\n\n2. Instruction: Rewrite the sentence in the future tense.\n2. Input:\nShe walks to school.\n2. Output:\nShe will walk to school.`,
    keep: ['Name three primary colors.', 'Rewrite the sentence in the future tense.'],
  },
  {
    habits: ['no-numbers', 'empty-field'],
    text: `Instruction: Suggest a healthy breakfast for a busy morning.\nInput: N/A\nOutput: Overnight oats with berries and a spoonful of peanut butter.\n\nInstruction: Find the odd one out in the list.\nInput: apple, banana, carrot, mango\nOutput: Carrot, because it is a vegetable.`,
    keep: ['Suggest a healthy breakfast for a busy morning.', 'Find the odd one out in the list.'],
  },
  {
    habits: ['separators'],
    text: ` Explain what a leap year is.\n4. Input:\n<noinput>\n4. Output:\nA year with 366 days, adding February 29 to keep the calendar in step with the Earth's orbit.\n---\n5. Instruction: Correct the spelling mistakes in the sentence.\n5. Input:\nI recieved the pakage yesterday.\n5. Output:\nI received the package yesterday.`,
    keep: ['Explain what a leap year is.', 'Correct the spelling mistakes in the sentence.'],
  },
  {
    habits: ['headings'],
    text: `### Task 4\n4. Instruction: Give a synonym for "rapid".\n4. Input:\n<noinput>\n4. Output:\nSwift.\n\n### Task 5\n5. Instruction: Count the vowels in the word.\n5. Input:\nbanana\n5. Output:\n3`,
    keep: ['Give a synonym for "rapid".', 'Count the vowels in the word.'],
  },
  {
    habits: ['cut'],
    finish: 'length',
    text: ` Describe the water cycle in two sentences.\n4. Input:\n<noinput>\n4. Output:\nWater evaporates from oceans and lakes, condenses into clouds, and falls as rain or snow. It then flows back into rivers and seas, and the cycle repeats.\n###\n${T(5, 'Translate the phrase into Spanish.', 'Good morning, everyone.', 'Buenos días a todos.')}\n###\n6. Instruction: Write a short product description for a reusable water`,
    keep: ['Describe the water cycle in two sentences.', 'Translate the phrase into Spanish.'],
  },
  {
    habits: ['markup', 'empty-field'],
    text: `**4. Instruction:** Suggest a name for a coffee shop run by cats.\n**4. Input:** N/A\n**4. Output:** The Purr Over\n\n**5. Instruction:** Decide whether the statement is a fact or an opinion.\n**5. Input:** Chocolate ice cream is the best flavor.\n**5. Output:** Opinion`,
    keep: ['Suggest a name for a coffee shop run by cats.', 'Decide whether the statement is a fact or an opinion.'],
  },
  {
    habits: ['preamble', 'closing'],
    text: `Certainly! Here are two more tasks:\n\n4. Instruction: Give a tip for saving energy at home.\n4. Input:\n<noinput>\n4. Output:\nSwitch off lights when you leave a room.\n###\n${T(5, 'Identify the verb in the sentence.', 'The children laughed loudly.', 'Laughed')}\n\nLet me know if you'd like more tasks!`,
    keep: ['Give a tip for saving energy at home.', 'Identify the verb in the sentence.'],
  },
  {
    habits: ['wrapping'],
    text: `\`\`\`\n4. Instruction: Convert the fraction to a decimal.\n4. Input:\n3/8\n4. Output:\n0.375\n###\n${T(5, 'Write a haiku about rain.', '<noinput>', 'Soft rain on the roof,\nthe garden drinks slowly,\nworms come out to play.')}\n\`\`\``,
    keep: ['Convert the fraction to a decimal.', 'Write a haiku about rain.'],
  },
  {
    habits: [],
    text: ` List three benefits of regular exercise.\n4. Input:\n<noinput>\n4. Output:\n1. Better sleep\n2. More energy\n3. Lower risk of heart disease\n###\n${T(5, 'Summarize the review in five words.', 'The hotel was clean and the staff were helpful, but breakfast was cold.', 'Clean, helpful, disappointing breakfast.')}`,
    keep: ['List three benefits of regular exercise.', 'Summarize the review in five words.'],
  },
  {
    habits: [],
    text: ` Write a text message inviting a friend to dinner.\n4. Input:\n<noinput>\n4. Output:\nHey Sam! Want to come over for dinner on Friday? I'm making lasagna.\nLet me know by Wednesday.\n###\n${T(5, 'Calculate the total price.', 'Three books at $20 each.', 'The total is $60.')}`,
    keep: ['Write a text message inviting a friend to dinner.', 'Calculate the total price.'],
  },
  {
    habits: [],
    text: ` Name the largest planet in the solar system.\n4. Input:\n<noinput>\n4. Output:\nJupiter.\n###\n${T(5, 'Rewrite the sentence to be more formal.', "Hey, can you send me that file thing?", 'Could you please send me the document?')}\n###\n${T(6, 'Give an antonym for the word.', 'generous', 'Stingy')}`,
    keep: ['Name the largest planet in the solar system.', 'Rewrite the sentence to be more formal.', 'Give an antonym for the word.'],
  },
  {
    habits: ['repeated-head'],
    text: `4. Instruction: Explain the rule of thirds in photography.\n4. Input:\n<noinput>\n4. Output:\nPlace the subject along the lines that divide the frame into thirds, not in the centre, for a more balanced picture.\n###\n${T(5, 'Classify the food as sweet or savory.', 'Garlic bread', 'Savory')}`,
    keep: ['Explain the rule of thirds in photography.', 'Classify the food as sweet or savory.'],
  },
  {
    habits: [],
    text: ` Give an example of a renewable energy source.\n4. Input:\n<noinput>\n4. Output:\nSolar power.\n###\n${T(5, 'Put the words in alphabetical order.', 'pear, apple, fig', 'apple, fig, pear')}`,
    keep: ['Give an example of a renewable energy source.', 'Put the words in alphabetical order.'],
  },
  {
    habits: ['markup', 'bold-values'],
    text: `**Instruction:** Create a riddle whose answer is "a shadow".\n**Input:** None\n**Output:** I follow you all day but vanish at night. What am I?\n\n**Instruction:** Translate the word into German.\n**Input:** butterfly\n**Output:** Schmetterling`,
    keep: ['Create a riddle whose answer is "a shadow".', 'Translate the word into German.'],
  },
  {
    habits: [],
    text: ` Suggest a weekend activity for a rainy day.\n4. Input:\n<noinput>\n4. Output:\nVisit a museum or bake bread at home.\n###\n${T(5, 'Find the main idea of the paragraph.', 'Cities are planting more trees to cool streets in summer and to soak up rain during storms.', 'Trees help cities handle heat and heavy rain.')}`,
    keep: ['Suggest a weekend activity for a rainy day.', 'Find the main idea of the paragraph.'],
  },
  {
    habits: [],
    text: ` Write a one-sentence definition of gravity.\n4. Input:\n<noinput>\n4. Output:\nGravity is the force by which masses attract one another.\n###\n${T(5, 'Change the sentence to a question.', 'The train leaves at noon.', 'Does the train leave at noon?')}`,
    keep: ['Write a one-sentence definition of gravity.', 'Change the sentence to a question.'],
  },
  {
    habits: ['preamble', 'markup'],
    text: `Here are some more tasks:\n\n---\n\n**4. Instruction:** Recommend a book for a teenager who likes mysteries.\n**4. Input:** <noinput>\n**4. Output:** "The Westing Game" by Ellen Raskin.\n\n---\n\n**5. Instruction:** Estimate how long it takes to walk 5 kilometres.\n**5. Input:** <noinput>\n**5. Output:** About an hour at a steady pace.`,
    keep: ['Recommend a book for a teenager who likes mysteries.', 'Estimate how long it takes to walk 5 kilometres.'],
  },
  {
    habits: [],
    text: ` Write a Python function that reverses a string.\n4. Input:\n<noinput>\n4. Output:\n\`\`\`python\ndef reverse(s):\n    return s[::-1]\n\`\`\`\n###\n${T(5, 'Name a fruit that is high in vitamin C.', '<noinput>', 'Orange.')}`,
    keep: ['Write a Python function that reverses a string.', 'Name a fruit that is high in vitamin C.'],
  },
  {
    habits: ['markup', 'titles', 'bullets'],
    text: `**Task 4**\n- **Instruction:** Name three primary colors.\n- **Input:** <noinput>\n- **Output:** Red, blue and yellow.\n\n**Task 5**\n- **Instruction:** Rewrite the sentence in the future tense.\n- **Input:** She walks to school.\n- **Output:** She will walk to school.`,
    keep: ['Name three primary colors.', 'Rewrite the sentence in the future tense.'],
  },
  {
    habits: ['closing'],
    text: ` Suggest a name for a hiking club.\n4. Input:\n<noinput>\n4. Output:\nTrail Blazers\n###\n${T(5, 'Sort the numbers from smallest to largest.', '9, 2, 7', '2, 7, 9')}\n###\n\nThese tasks cover a range of skills.`,
    keep: ['Suggest a name for a hiking club.', 'Sort the numbers from smallest to largest.'],
  },
  {
    habits: [],
    text: ` Explain what a haiku is.\n4. Input:\n<noinput>\n4. Output:\nA three-line Japanese poem with five, seven and five syllables.\n###\n${T(5, 'Give the plural of the noun.', 'mouse', 'mice')}`,
    keep: ['Explain what a haiku is.', 'Give the plural of the noun.'],
  },
  {
    habits: ['markup', 'number-after-head'],
    text: `**Instruction 4:** Describe the taste of a lemon in three words.\n**Input 4:** <noinput>\n**Output 4:** Sour, sharp, refreshing.\n\n**Instruction 5:** Convert the time to the 24-hour clock.\n**Input 5:** 3:45 PM\n**Output 5:** 15:45`,
    keep: ['Describe the taste of a lemon in three words.', 'Convert the time to the 24-hour clock.'],
  },
  {
    habits: [],
    text: ` Give a synonym for "tired".\n4. Input:\n<noinput>\n4. Output:\nExhausted.\n###\n${T(5, 'Tell whether the number is even or odd.', '17', 'Odd')}`,
    keep: ['Give a synonym for "tired".', 'Tell whether the number is even or odd.'],
  },
];
