import { splitSentences } from '/work/main/src/summarize/sentences.ts';
const t = 'By Imogen Tate, Science Correspondent · 2 hours ago\n\nA research vessel surveying the seafloor. The discovery was made.';
console.log(splitSentences(t, 'en'));
