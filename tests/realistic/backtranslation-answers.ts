/**
 * Backtranslation answers as chat models write them. Self-augment: the prompt shows a response and
 * asks for the instruction it answers, on one line after "Instruction:"; `keep` is the instruction a
 * careful reader takes from the answer. Curation: the 5-point rubric (prompts/backtranslation/
 * curate-v1.txt) asking for "Score: <rating>" on the last line; `keep` is the score a reader reads.
 */
import type { CorpusAnswer } from './corpus.js';

export const SELF_AUGMENT_ANSWERS: CorpusAnswer<string>[] = [
  // Clean: what a completion would write, or close to it.
  { habits: [], text: 'How do I keep basil plants from flowering too early?', keep: 'How do I keep basil plants from flowering too early?' },
  { habits: [], text: ' Explain the difference between a Roth IRA and a traditional IRA for someone in their twenties.\n', keep: 'Explain the difference between a Roth IRA and a traditional IRA for someone in their twenties.' },
  { habits: [], text: 'Write a short cover letter for a junior data analyst position. Mention SQL and Tableau experience.', keep: 'Write a short cover letter for a junior data analyst position. Mention SQL and Tableau experience.' },
  { habits: [], text: 'Summarize the following in two sentences: the causes of the 2008 financial crisis.', keep: 'Summarize the following in two sentences: the causes of the 2008 financial crisis.' },
  { habits: [], text: 'Answer the following question: why does ice float on water?', keep: 'Answer the following question: why does ice float on water?' },
  { habits: [], text: 'Instruction: Give me a three-day itinerary for Lisbon on a budget.', keep: 'Give me a three-day itinerary for Lisbon on a budget.' },
  { habits: [], text: 'What are some tips for a first-time marathon runner? I have about four months to train.', keep: 'What are some tips for a first-time marathon runner? I have about four months to train.' },
  { habits: [], text: 'Can you explain how a hash map handles collisions, with an example in Python?', keep: 'Can you explain how a hash map handles collisions, with an example in Python?' },
  { habits: [], text: 'Describe the water cycle for a fifth-grade science class.\nResponse:\nThe water cycle is', keep: 'Describe the water cycle for a fifth-grade science class.' },
  { habits: [], text: 'Translate "Where is the train station?" into Spanish and explain the grammar.', keep: 'Translate "Where is the train station?" into Spanish and explain the grammar.' },
  { habits: [], text: 'List the pros and cons of remote work for small teams.', keep: 'List the pros and cons of remote work for small teams.' },
  // Habits.
  { habits: ['preamble', 'wrapping'], text: 'The user most likely asked: "How do I reset a forgotten Windows 10 password without losing my files?"', keep: 'How do I reset a forgotten Windows 10 password without losing my files?' },
  { habits: ['preamble', 'wrapping'], text: 'Sure! Here\'s a possible instruction:\n\n"Write a polite email declining a job offer after accepting another one."', keep: 'Write a polite email declining a job offer after accepting another one.' },
  { habits: ['markup', 'frame-label'], text: '**Instruction:** Explain why the sky appears red at sunset.', keep: 'Explain why the sky appears red at sunset.' },
  { habits: ['frame-label', 'closing'], text: 'Instruction: Write a beginner-friendly guide to composting at home.\n\nThis instruction fits because the response walks through bins, greens and browns, and common mistakes.', keep: 'Write a beginner-friendly guide to composting at home.' },
  { habits: ['preamble'], text: 'A likely instruction would be: Compare electric and gas stoves for a family kitchen.', keep: 'Compare electric and gas stoves for a family kitchen.' },
  { habits: ['markup', 'frame-label'], text: '### Instruction\n\nGive step-by-step instructions for changing a flat bicycle tire.', keep: 'Give step-by-step instructions for changing a flat bicycle tire.' },
  { habits: ['preamble', 'closing'], text: 'Here is the instruction that this response most likely answers:\n\nWhat is the best way to store fresh herbs so they last longer?\n\nI hope this helps!', keep: 'What is the best way to store fresh herbs so they last longer?' },
  { habits: ['preamble'], text: 'Based on the response, the user probably asked something like:\nHow can I improve my credit score in six months?', keep: 'How can I improve my credit score in six months?' },
  { habits: ['wrapping'], text: '"Write a limerick about a cat who hates Mondays."', keep: 'Write a limerick about a cat who hates Mondays.' },
  { habits: ['preamble', 'markup'], text: 'Sure! Here\'s an instruction that fits the response:\n\n**Explain the rules of chess castling, including when it is not allowed.**', keep: 'Explain the rules of chess castling, including when it is not allowed.' },
  { habits: ['preamble', 'closing'], text: 'Certainly! The instruction could be:\n\nDraft a weekly meal plan for a vegetarian athlete: include breakfast, lunch and dinner.\n\nLet me know if you would like a different phrasing.', keep: 'Draft a weekly meal plan for a vegetarian athlete: include breakfast, lunch and dinner.' },
  { habits: ['markup', 'frame-label', 'wrapping'], text: '**Likely instruction:**\n"What should I pack for a week-long hiking trip in the Alps?"', keep: 'What should I pack for a week-long hiking trip in the Alps?' },
  { habits: ['frame-label', 'closing'], text: 'Instruction: Summarize the main arguments for and against a four-day work week.\nThis instruction matches the balanced structure of the response.', keep: 'Summarize the main arguments for and against a four-day work week.' },
  { habits: ['preamble', 'wrapping'], text: 'Here\'s what the user likely asked:\n\n“Can you recommend some science fiction novels for someone who loved The Martian?”', keep: 'Can you recommend some science fiction novels for someone who loved The Martian?' },
  { habits: ['wrapping'], text: '```\nWrite a Python function that checks whether a string is a palindrome.\n```', keep: 'Write a Python function that checks whether a string is a palindrome.' },
  { habits: ['preamble', 'closing'], text: 'Okay!\n\nHow do vaccines train the immune system? Please keep it simple.\n\nExplanation: the response explains antigens and memory cells in plain language.', keep: 'How do vaccines train the immune system? Please keep it simple.' },
  { habits: ['preamble'], text: 'One possible prompt is: Describe the history of the Eiffel Tower in a few paragraphs.', keep: 'Describe the history of the Eiffel Tower in a few paragraphs.' },
  { habits: [], text: 'Here is a question from my statistics homework: what is the difference between a z-test and a t-test?', keep: 'Here is a question from my statistics homework: what is the difference between a z-test and a t-test?' },
  { habits: [], text: 'Given a list of integers, write a function that returns the second largest value: duplicates count once.', keep: 'Given a list of integers, write a function that returns the second largest value: duplicates count once.' },
  { habits: [], text: 'The Great Barrier Reef is dying. What can tourists do to help protect it?', keep: 'The Great Barrier Reef is dying. What can tourists do to help protect it?' },
  { habits: ['preamble', 'layout'], text: 'Here are a couple of possible instructions:\n\n1. How do I make a sourdough starter from scratch?\n2. What is the process for creating a sourdough starter at home?', keep: 'How do I make a sourdough starter from scratch?' },
  { habits: ['frame-label'], text: 'User: How can I get my toddler to sleep through the night?', keep: 'How can I get my toddler to sleep through the night?' },
  { habits: ['preamble'], text: 'I think the user asked something like this:\n\nWhat are the health benefits of green tea, and how much should I drink a day?', keep: 'What are the health benefits of green tea, and how much should I drink a day?' },
  { habits: ['markup', 'frame-label'], text: '## Likely User Instruction\n**Write a product description for a stainless steel water bottle.**', keep: 'Write a product description for a stainless steel water bottle.' },
  { habits: ['frame-label', 'wrapping', 'closing'], text: 'Possible instruction: "Plan a surprise birthday party for a coworker on a $100 budget."\n\nThe response covers venue, food and decorations within that budget.', keep: 'Plan a surprise birthday party for a coworker on a $100 budget.' },
  { habits: ['preamble', 'frame-label'], text: 'Sure, here it is:\n\nInstruction: Explain how compound interest works with a simple example.', keep: 'Explain how compound interest works with a simple example.' },
  { habits: ['preamble'], text: 'Based on the response provided, here is the instruction the user most likely gave: Write a toast for my sister\'s wedding that is funny but heartfelt.', keep: "Write a toast for my sister's wedding that is funny but heartfelt." },
  { habits: ['preamble', 'markup'], text: "Here's a likely instruction for this response:\n\n> What are the early warning signs of burnout at work, and how can I deal with them?", keep: 'What are the early warning signs of burnout at work, and how can I deal with them?' },
  { habits: [], text: 'Create a packing checklist for a family beach vacation with two small kids.', keep: 'Create a packing checklist for a family beach vacation with two small kids.' },
  { habits: [], text: 'Why do cats knead blankets?', keep: 'Why do cats knead blankets?' },
  { habits: ['layout'], text: 'Rewrite this sentence in the passive voice:\n\nThe committee approved the new budget on Friday.', keep: 'Rewrite this sentence in the passive voice:\nThe committee approved the new budget on Friday.' },
  { habits: ['frame-label'], text: 'Reverse-engineered prompt: Suggest five names for a bakery that specializes in gluten-free bread.', keep: 'Suggest five names for a bakery that specializes in gluten-free bread.' },
  { habits: [], text: 'Homework question: what is the difference between mitosis and meiosis?', keep: 'Homework question: what is the difference between mitosis and meiosis?' },
];

export const CURATION_ANSWERS: CorpusAnswer<number>[] = [
  // Clean: a brief judgement, then the reference's last line.
  { habits: [], text: 'The answer addresses the request directly, is accurate and well organised, and contains nothing off topic.\n\nScore: 5', keep: 5 },
  { habits: [], text: 'It covers what the user asked but reads like a personal blog post, with anecdotes about the author\'s garden.\nScore: 3', keep: 3 },
  { habits: [], text: 'The response is written from an assistant\'s point of view and is complete, though a little wordy in the middle section.\n\nScore: 4', keep: 4 },
  { habits: [], text: 'This reads like a scrap of a product page and never answers the question.\n\nScore: 1', keep: 1 },
  { habits: [], text: 'The answer describes a general approach to debugging rather than fixing the actual error the user showed.\n\nScore: 2', keep: 2 },
  { habits: [], text: 'Explanation: The response is helpful and complete, from an AI assistant\'s perspective, but could be tighter.\nScore: 4', keep: 4 },
  { habits: [], text: 'The answer is correct, expert and concise. It goes straight to the point.\nScore: 5', keep: 5 },
  { habits: [], text: 'Mostly relevant, but it drifts into an unrelated story about a trip to Rome halfway through, which a 4 or 5 would not do.\n\nScore: 2', keep: 2 },
  { habits: [], text: 'Score: 4', keep: 4 },
  { habits: [], text: 'The response answers every part of the question, but the tone is that of a forum post rather than an assistant.\n\nScore: 3', keep: 3 },
  // Habits.
  { habits: ['verbal'], text: 'The answer is clear and complete and written as an assistant would write it, with only a little repetition. I would rate this response a 4 out of 5.', keep: 4 },
  { habits: ['markup'], text: 'The response is accurate, focused and pleasant to read; it resolves the request fully.\n\n**Score: 5**', keep: 5 },
  { habits: ['fraction'], text: 'Useful content, but it is written as a personal account and includes opinions.\n\nRating: 3/5', keep: 3 },
  {
    habits: ['long'],
    text:
      'Let me go through the rubric point by point.\n\n1. Does it address the request? Yes, it explains how to set up the router and how to change the Wi-Fi password.\n2. Is it written from an assistant\'s point of view? Mostly, though it opens with "In my experience as a network engineer", which a 5 would avoid.\n3. Is it well organised? The steps are numbered and easy to follow.\n4. Anything off topic? A short paragraph about a router brand\'s history is not needed.\n\nOverall it is a helpful, complete answer with small issues of focus.\n\nScore: 4',
    keep: 4,
  },
  { habits: ['points'], text: 'The answer handles the question completely and from an assistant\'s point of view, but it repeats the introduction at the end.\n\n4 points', keep: 4 },
  { habits: ['markup'], text: '**Reasoning:** The response goes straight to the request and is accurate and expert.\n\n**Score:** 5', keep: 5 },
  { habits: ['closing'], text: 'The answer contradicts itself about the dosage and is incomplete.\n\nScore: 1\n\nI hope this evaluation helps!', keep: 1 },
  { habits: ['verbal'], text: "It explains a general method but never gives the actual code the user asked for. I'd give it a 2.", keep: 2 },
  { habits: ['markup'], text: '### Evaluation\nThe answer is complete and written from an assistant\'s perspective, though it could be more concise.\n\n### Score\n4', keep: 4 },
  { habits: ['points'], text: 'The response is an ideal assistant answer: accurate, expert and focused on the request. I award it 5 points.', keep: 5 },
  { habits: ['fraction', 'markup'], text: 'Helpful and correct, but one step is vague.\n\n**Final score: 4/5**', keep: 4 },
  { habits: ['score-first'], text: 'Score: 3\n\nThe content is relevant and covers the question, but it reads like a blog post with personal anecdotes.', keep: 3 },
  { habits: ['verbal', 'closing'], text: 'The response is well written but spends half its length on unrelated background. I would rate it a 2.\n\nLet me know if you need anything else.', keep: 2 },
  { habits: ['markup'], text: 'The answer fully resolves the request with clear, expert guidance.\n\nScore: **5**', keep: 5 },
  { habits: ['verbal'], text: 'The answer is complete and helpful, but it wanders a little before getting to the steps. I would give this answer a 4.', keep: 4 },
  { habits: ['points'], text: 'Relevant and useful, but written as a personal blog entry.\n\nTotal: 3 points.', keep: 3 },
  { habits: ['markup', 'score-first'], text: '**Rating: 4 out of 5**\n\nThe answer is clear and complete from an assistant\'s perspective; it could be a bit shorter.', keep: 4 },
  { habits: ['score-first'], text: "Score: 3\n\nThe answer is useful and covers the question, but it reads like a blog post; a rating of 4 or 5 requires an assistant's voice.", keep: 3 },
  { habits: ['long'], text: '- Accuracy: 5/5\n- Helpfulness: 4/5\n- Assistant voice: 3/5\n\nThe answer is accurate and mostly helpful, though its voice is that of a forum post.\n\nOverall score: 4', keep: 4 },
  { habits: ['closing'], text: "Clear, complete and written as an assistant, but a bit long.\nScore: 4\nLet me know if you'd like me to explain further.", keep: 4 },
  { habits: [], text: 'The response answers the request completely and accurately, in an assistant\'s voice, with nothing beside the point.\nScore: 5', keep: 5 },
  { habits: [], text: 'The answer gives a generic checklist instead of answering the specific question about the user\'s lease.\nScore: 2', keep: 2 },
];
