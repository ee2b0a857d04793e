import fc from 'fast-check';

// Property tests replay a fixed seed in the default suite, so a CI run is reproducible; set
// FC_SEED to explore others, and the full fault suite (TRACK_FAULTS_FULL=1) draws new ones.
if (process.env.TRACK_FAULTS_FULL !== '1') fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_261_126) });
